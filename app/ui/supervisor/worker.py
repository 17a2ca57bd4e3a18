"""Every review HTTP call runs here, off the GUI thread.

``ReviewWorker`` lives in its own ``QThread`` and owns the one ``ReviewClient`` (one
``requests.Session``) of the signed-in supervisor; calls run one after another in the
order they were asked for, so a decision is never overtaken by a later one. It
reports by signals only and never touches a widget.

``ReviewService`` is its GUI-side face: ``call(op, kwargs, on_done, on_error)`` queues a
call and runs the callback on the GUI thread when the answer arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from sync.review_client import ReviewClient, ReviewError
from sync.transport import TransportConfig

# Operations the worker runs: ReviewClient method names (plus "login" with a server URL).
OPERATIONS = ("login", "batches", "records", "record", "decide", "approve_clean")

SHUTDOWN_WAIT_MS = 35_000  # longer than a read timeout: an in-flight call ends first


class ReviewWorker(QObject):
    """Runs in the service's thread; ``done``/``failed`` carry the job id back."""

    done = Signal(int, object)  # job id, the answer (pydantic model)
    failed = Signal(int, object)  # job id, ReviewError

    def __init__(self, config: TransportConfig | None = None) -> None:
        super().__init__()
        self._config = config
        self._client: ReviewClient | None = None

    @Slot(int, str, object)
    def run(self, job_id: int, op: str, kwargs: dict) -> None:
        try:
            if op == "login":
                result = self._login(**kwargs)
            elif op in OPERATIONS:
                if self._client is None:
                    raise ReviewError("session_expired")
                result = getattr(self._client, op)(**kwargs)
            else:
                raise ReviewError("internal", detail=f"unknown operation {op}")
        except ReviewError as err:
            self.failed.emit(job_id, err)
            return
        except Exception as exc:  # a bug must not kill the thread silently
            self.failed.emit(job_id, ReviewError("internal", detail=type(exc).__name__))
            return
        self.done.emit(job_id, result)

    def _login(self, server_url: str, username: str, password: str):
        client = ReviewClient(server_url, self._config)
        try:
            answer = client.login(username, password)
        except Exception:
            client.close()
            raise
        if self._client is not None:
            self._client.close()
        self._client = client
        return {
            "username": username,
            "role": answer.role,
            "kecamatan_code": answer.kecamatan_code,
            "server_url": client.server_url,
            "expires_at": answer.expires_at,
            "token": client.transport.token,
        }

    @Slot()
    def close(self) -> None:
        if self._client is not None:
            self._client.logout()  # the session ends on the server too
            self._client.close()
            self._client = None


class ReviewService(QObject):
    """Queues review calls to the worker thread; callbacks run on the GUI thread.

    ``idle`` fires whenever the last queued call has answered; ``session_ended`` when the
    server no longer accepts the token (the window then asks to sign in again).
    """

    idle = Signal()
    busy_changed = Signal(bool)
    session_ended = Signal()
    _request = Signal(int, str, object)
    _close = Signal()

    def __init__(
        self, config: TransportConfig | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._next_id = 0
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("review-worker")
        self._worker = ReviewWorker(config)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Calls asked for and not answered yet."""
        return len(self._callbacks)

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def call(
        self,
        op: str,
        kwargs: dict[str, Any] | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[ReviewError], None] | None = None,
    ) -> int:
        """Queue ``op`` (see ``OPERATIONS``); returns the job id."""
        if op not in OPERATIONS:
            raise ValueError(f"unknown review operation {op!r}")
        self._next_id += 1
        job_id = self._next_id
        was_idle = not self._callbacks
        self._callbacks[job_id] = (on_done, on_error)
        if was_idle:
            self.busy_changed.emit(True)
        self._request.emit(job_id, op, dict(kwargs or {}))
        return job_id

    def shutdown(self) -> None:
        """Close the session and stop the thread (waits for a call in flight)."""
        if not self._thread.isRunning():
            return
        self._close.emit()
        self._thread.quit()
        self._thread.wait(SHUTDOWN_WAIT_MS)
        self._callbacks.clear()

    # --- answers (GUI thread) ------------------------------------------------------------
    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        on_done, _ = self._callbacks.pop(job_id, (None, None))
        if on_done is not None:
            on_done(result)
        self._after_answer()

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: object) -> None:
        _, on_error = self._callbacks.pop(job_id, (None, None))
        if isinstance(error, ReviewError) and error.session_ended:
            self.session_ended.emit()
        if on_error is not None:
            on_error(error)
        self._after_answer()

    def _after_answer(self) -> None:
        if not self._callbacks:
            self.busy_changed.emit(False)
            self.idle.emit()
