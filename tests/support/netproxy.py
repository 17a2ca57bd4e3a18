"""A small fault-injecting HTTP/1.1 proxy on loopback, for sync tests and the benchmark.

The proxy listens on ``127.0.0.1:<ephemeral>`` and forwards to one upstream
server. It understands just enough HTTP (request head + ``Content-Length`` body)
to apply faults per request; responses are piped through as bytes (no pipelining
is assumed, so the bytes coming back after request *n* belong to request *n*).

Faults are one-shot rules queued on the proxy and consumed, in order, by the next
requests whose path starts with the rule's prefix:

* ``cut_request(after_body_bytes)`` - forward that many body bytes, then drop both sides;
* ``cut_response(after_bytes)`` - forward that many response bytes, then drop both sides;
* ``delay_response(seconds)`` - hold the response back (past the client's read timeout);
* ``fail(status, retry_after=...)`` - answer the request itself with an error, upstream
  never sees it;
* ``set_offline(True)`` - every connection is dropped as soon as it is accepted.

``set_shaping(rate_bytes_per_s, rtt_seconds)`` models a slow half-duplex link: both
directions share one byte rate, and each chunk arrives half an RTT after it leaves.

Tests never sleep to wait for the proxy: :meth:`FaultProxy.wait_for` blocks on a
condition until a predicate over :class:`ProxyStats` holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

CHUNK = 1460  # one TCP segment's worth; keeps shaping smooth


@dataclass
class ProxyStats:
    connections: int = 0
    requests: int = 0
    responses_started: int = 0
    bytes_up: int = 0  # client -> server, as forwarded
    bytes_down: int = 0  # server -> client, as forwarded
    faults_applied: int = 0
    paths: list[str] = field(default_factory=list)


@dataclass
class _Rule:
    kind: str  # "cut_request" | "cut_response" | "delay_response" | "fail"
    prefix: str
    amount: float = 0
    status: int = 0
    retry_after: int | None = None


REASONS = {
    400: "Bad Request",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class _Link:
    """A shared, rate-limited, delayed link (both directions share the rate)."""

    def __init__(self, rate: float | None, one_way: float) -> None:
        self.rate = rate
        self.one_way = one_way
        self.free_at = 0.0

    def schedule(self, size: int, now: float) -> float:
        """When a chunk of ``size`` bytes handed over ``now`` arrives at the far end."""
        if not self.rate and not self.one_way:
            return now
        start = max(now, self.free_at)
        self.free_at = start + (size / self.rate if self.rate else 0.0)
        return self.free_at + self.one_way


class _Pipe:
    """Delivers chunks in order, each not before its arrival time."""

    def __init__(self, writer: asyncio.StreamWriter, link: _Link) -> None:
        self.writer = writer
        self.link = link
        self.queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        self.task = asyncio.ensure_future(self._run())
        self.closed = False

    def send(self, data: bytes) -> None:
        loop = asyncio.get_running_loop()
        for i in range(0, len(data), CHUNK):
            piece = data[i : i + CHUNK]
            self.queue.put_nowait((self.link.schedule(len(piece), loop.time()), piece))

    async def drain(self) -> None:
        """Wait until everything queued so far has been written."""
        done = asyncio.get_running_loop().create_future()
        self.queue.put_nowait((0.0, done))  # type: ignore[arg-type]
        await done

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                item = await self.queue.get()
                if item is None:
                    break
                at, data = item
                if isinstance(data, asyncio.Future):
                    data.set_result(None)
                    continue
                delay = at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                self.writer.write(data)
                await self.writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self.closed = True
            while not self.queue.empty():
                item = self.queue.get_nowait()
                if item and isinstance(item[1], asyncio.Future) and not item[1].done():
                    item[1].set_result(None)


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.stats = ProxyStats()
        self.port = 0
        self._rules: list[_Rule] = []
        self._offline = False
        self._rate: float | None = None
        self._one_way = 0.0
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._conns: set[asyncio.Task] = set()
        self._links: list[_Link] = []

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        started = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._shutdown())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fault-proxy", daemon=True)
        self._thread.start()
        started.wait(10)
        return self

    def stop(self) -> None:
        if self._loop and self._thread:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._thread = None

    async def _shutdown(self) -> None:
        if self._server:
            self._server.close()
        for task in list(self._conns):
            task.cancel()
        await asyncio.gather(*self._conns, return_exceptions=True)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ control
    def _add(self, rule: _Rule, times: int) -> None:
        with self._cond:
            self._rules.extend(_Rule(**vars(rule)) for _ in range(times))

    def cut_request(self, after_body_bytes: int, *, prefix: str = "/", times: int = 1) -> None:
        self._add(_Rule("cut_request", prefix, amount=after_body_bytes), times)

    def cut_response(self, after_bytes: int, *, prefix: str = "/", times: int = 1) -> None:
        self._add(_Rule("cut_response", prefix, amount=after_bytes), times)

    def delay_response(self, seconds: float, *, prefix: str = "/", times: int = 1) -> None:
        self._add(_Rule("delay_response", prefix, amount=seconds), times)

    def fail(
        self, status: int, *, prefix: str = "/", times: int = 1, retry_after: int | None = None
    ) -> None:
        self._add(_Rule("fail", prefix, status=status, retry_after=retry_after), times)

    def clear_faults(self) -> None:
        with self._cond:
            self._rules.clear()

    def pending_faults(self) -> int:
        with self._cond:
            return len(self._rules)

    def set_offline(self, offline: bool) -> None:
        """Offline: drop every new connection at once and cut the open ones."""
        with self._cond:
            self._offline = offline
        if offline and self._loop:
            fut = asyncio.run_coroutine_threadsafe(self._cut_all(), self._loop)
            fut.result(10)

    async def _cut_all(self) -> None:
        for task in list(self._conns):
            task.cancel()

    def set_shaping(self, rate_bytes_per_s: float | None, rtt_seconds: float = 0.0) -> None:
        """Applies to connections opened from now on."""
        with self._cond:
            self._rate = rate_bytes_per_s
            self._one_way = rtt_seconds / 2

    def retarget(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        """Forward new connections to another server (e.g. one restarted on a new port)."""
        with self._cond:
            self.upstream = (upstream_host, upstream_port)

    def notify(self) -> None:
        """Wake :meth:`wait_for` callers so they re-check (e.g. a watched process ended)."""
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[ProxyStats], bool], timeout: float = 30) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.stats), timeout)

    def _update(self, **increments: int) -> None:
        with self._cond:
            for name, value in increments.items():
                setattr(self.stats, name, getattr(self.stats, name) + value)
            self._cond.notify_all()

    def _take_rule(self, path: str) -> _Rule | None:
        with self._cond:
            for i, rule in enumerate(self._rules):
                if path.startswith(rule.prefix):
                    self.stats.faults_applied += 1
                    return self._rules.pop(i)
            return None

    # ------------------------------------------------------------------ the proxy
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conns.add(task)
        self._update(connections=1)
        try:
            with self._cond:
                offline = self._offline
                link = _Link(self._rate, self._one_way)
            if not offline:
                await self._serve(reader, writer, link)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._conns.discard(task)
            writer.transport.abort()

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: _Link
    ) -> None:
        to_client = _Pipe(writer, link)
        up_reader: asyncio.StreamReader | None = None
        to_server: _Pipe | None = None
        pump: asyncio.Task | None = None
        state: dict = {"rule": None, "seen": 0, "cut": asyncio.Event()}
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                method, path, length = _parse_head(head)
                with self._cond:
                    self.stats.paths.append(f"{method} {path}")
                self._update(requests=1)
                rule = self._take_rule(path)
                if rule and rule.kind == "fail":
                    await reader.readexactly(length)
                    to_client.send(_error_response(rule.status, rule.retry_after))
                    continue
                if to_server is None:
                    with self._cond:
                        upstream = self.upstream
                    up_reader, up_writer = await asyncio.open_connection(*upstream)
                    to_server = _Pipe(up_writer, link)
                    pump = asyncio.ensure_future(self._pump(up_reader, to_client, state))
                state["rule"] = rule if rule and rule.kind != "cut_request" else None
                state["seen"] = 0
                to_server.send(head)
                self._update(bytes_up=len(head))
                limit = int(rule.amount) if rule and rule.kind == "cut_request" else None
                remaining = length
                sent = 0
                while remaining:
                    data = await reader.read(min(remaining, 65536))
                    if not data:
                        return
                    remaining -= len(data)
                    if limit is not None and sent + len(data) >= limit:
                        piece = data[: limit - sent]
                        to_server.send(piece)
                        self._update(bytes_up=len(piece))
                        await to_server.drain()
                        return  # cut: finally drops both sides
                    to_server.send(data)
                    sent += len(data)
                    self._update(bytes_up=len(data))
                if state["cut"].is_set():
                    return
        finally:
            if pump:
                pump.cancel()
                with contextlib.suppress(BaseException):
                    await pump
            for pipe in (to_server, to_client):
                if pipe:
                    pipe.task.cancel()
                    pipe.writer.transport.abort()

    async def _pump(self, up_reader: asyncio.StreamReader, to_client: _Pipe, state: dict) -> None:
        try:
            while True:
                data = await up_reader.read(65536)
                if not data:
                    break
                rule: _Rule | None = state["rule"]
                if state["seen"] == 0:
                    self._update(responses_started=1)
                    if rule and rule.kind == "delay_response":
                        await asyncio.sleep(rule.amount)
                if rule and rule.kind == "cut_response":
                    keep = int(rule.amount) - state["seen"]
                    if keep <= len(data):
                        to_client.send(data[: max(keep, 0)])
                        self._update(bytes_down=max(keep, 0))
                        await to_client.drain()
                        break
                state["seen"] += len(data)
                to_client.send(data)
                self._update(bytes_down=len(data))
        except (ConnectionError, OSError):
            pass
        state["cut"].set()
        await to_client.drain()
        to_client.writer.transport.abort()


def _parse_head(head: bytes) -> tuple[str, str, int]:
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return method, path, length


ERROR_CODES = {
    400: "bad_request",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
    502: "unavailable",
    503: "unavailable",
    504: "unavailable",
}


def _error_response(status: int, retry_after: int | None) -> bytes:
    code = ERROR_CODES.get(status, "server_error")
    body = f'{{"code":"{code}","message":"injected fault"}}'.encode()
    headers = [
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if retry_after is not None:
        headers.append(f"Retry-After: {retry_after}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body
