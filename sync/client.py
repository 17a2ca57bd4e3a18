"""The sync client: push sealed batches, seal new ones, pull review decisions.

A run (``SyncClient.run``) is:

1. push every sealed-but-unacknowledged batch, oldest first, byte-identical;
2. seal the next outbox range into a batch (stored before it is sent) and push it,
   until the outbox is fully acknowledged;
3. pull server changes page by page until there are no more;
4. pull the target list of the officer's kecamatan (``GET /targets``) page by page since
   the stored cursor (a server without that endpoint is skipped);
5. purge the requests approved longer ago than the retention setting
   (``Store.purge_expired``; ``run`` only, after a successful run).

Every step is persisted in the store before the next starts (the batch row before
sending, the answer and per-record outcomes in one transaction with the ack, each
page of changes with the cursor), so a crash or a dropped link at any point
resumes where it stopped. The batch size adapts to the link: it halves (down to
``min_batch_size``) after a failure and doubles after a fast success; a sealed batch
is never resized, the size applies to the next seal. A batch the server refuses
unread as too large (413) is voided and its range sealed again, smaller.

One sync at a time per data directory: :func:`sync_lock` (a ``filelock`` on
``<data dir>/sync.lock``) guards the GUI and a scheduled ``jempol-sync run`` alike.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from app.store.errors import StoreError
from sync import bundle, protocol
from sync.dashboard_protocol import DEFAULT_TARGET_PAGE
from sync.errors import (
    EXIT_OK,
    EXIT_REJECTED,
    NotRegistered,
    ServerError,
    SyncError,
    SyncLocked,
    Unreachable,
)
from sync.transport import Transport, TransportConfig, apply_settings, normalize_server_url

CLOCK_SKEW_WARNING_SECONDS = 300
# Target-feed answers that mean "no list for this laptop" rather than a failed sync.
TARGETS_SKIPPED = frozenset({"not_found", "forbidden_role"})
LOCK_FILENAME = "sync.lock"

log = logging.getLogger("jempol.sync")

SKEW_WARNING = {
    "id": "Jam laptop berbeda {minutes} menit dari jam server. Periksa tanggal, jam dan "
    "zona waktu (WITA) laptop.",
    "en": "The laptop clock is {minutes} minutes off the server clock. Check the laptop's "
    "date, time and time zone (WITA).",
}


@dataclass
class SyncConfig:
    transport: TransportConfig = field(default_factory=TransportConfig)
    initial_batch_size: int = 500
    min_batch_size: int = 10
    max_batch_size: int = 2000
    max_body_bytes: int = protocol.MAX_COMPRESSED_BYTES // 2
    pull_page: int = protocol.DEFAULT_CHANGES_PAGE
    lang: str = "id"
    targets_page: int = DEFAULT_TARGET_PAGE

    def fast_seconds(self) -> float:
        """A batch answered within this time lets the next one grow."""
        return self.transport.read_timeout / 6


@dataclass
class Progress:
    """Reported after each step; ``records_total`` is the pending count at the start."""

    phase: str  # "push" | "pull" | "done"
    records_sent: int = 0
    records_total: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    changes_pulled: int = 0
    targets_pulled: int = 0


@dataclass
class SyncReport:
    batches_sent: int = 0
    records_sent: int = 0
    accepted: int = 0
    rejected: int = 0
    stale: int = 0
    duplicates: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    changes_pulled: int = 0
    reviews_applied: int = 0
    clock_skew_seconds: float | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    targets_pulled: int = 0  # target-list items received (added, changed or removed)
    purged: int = 0  # approved requests purged from the laptop after the run (retention)
    retention_days: int = 0  # the retention setting that purge used

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK


@contextlib.contextmanager
def sync_lock(data_dir: Path) -> Iterator[None]:
    """Hold ``<data_dir>/sync.lock`` for the block; raise ``SyncLocked`` if it is taken."""
    lock = filelock.FileLock(str(Path(data_dir) / LOCK_FILENAME), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise SyncLocked() from None
    try:
        yield
    finally:
        lock.release()


def register_device(
    store,
    server_url: str,
    username: str,
    password: str,
    device_name: str | None = None,
    config: SyncConfig | None = None,
) -> protocol.RegisterResponse:
    """Register this laptop with the server and store the device id and token.

    A new Ed25519 key pair signs this device's relay bundles: its public half goes to the
    server with the request; the private half and the server's bundle key from the
    answer (pinned) are stored with the registration, in one transaction.
    """
    url = normalize_server_url(server_url)
    name = device_name or socket.gethostname() or "laptop"
    signing_key, public_key = bundle.new_device_key()
    # the laptop's CA bundle / plain-http settings apply to registration too
    transport_config = apply_settings(
        dataclasses.replace((config or SyncConfig()).transport), store.get_setting
    )
    with Transport(url, config=transport_config) as transport:
        answer = transport.register(username, password, name, device_public_key=public_key)
    with store.transaction():
        store.save_registration(url, answer.device_id, answer.token, name, answer.officer.username)
        store.sync_set(bundle.KV_SIGNING_KEY, signing_key)
        store.sync_set(bundle.KV_SERVER_KEY, _valid_key(answer.server_public_key))
    adopt_recovery_key(store, answer.recovery_public_key)
    log.info("device registered with %s as device %s", url, answer.device_id)
    return answer


def adopt_recovery_key(store, public_key: str | None) -> bool:
    """Seal this laptop's database key to the organisation's recovery key (once known).

    Lets an administrator recover the laptop when its officer forgets the password
    (``jempol recover``). A malformed key from the server is logged and ignored.
    """
    if not public_key:
        return False
    try:
        store.set_recovery_key(public_key)
    except (ValueError, StoreError) as exc:
        log.warning("recovery key from the server not used: %s", exc)
        return False
    return True


def _valid_key(text: str | None) -> str | None:
    """A well-formed public key from the server, else None (bundles then cannot be made)."""
    try:
        return text if text and bundle.check_public_key(text) else None
    except ValueError:
        return None


class SyncClient:
    """Runs push/pull against the server the store is registered with.

    ``store`` is an ``app.store.Store`` opened by the caller for this thread (never
    the GUI's). ``server_url`` overrides the registered address for this client.
    """

    def __init__(
        self,
        store,
        *,
        server_url: str | None = None,
        config: SyncConfig | None = None,
        progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.store = store
        self.config = config or SyncConfig()
        self.progress_callback = progress
        registration = store.registration()
        if registration is None:
            raise NotRegistered()
        self.device_id: str = registration["device_id"]
        # the target list belongs to this registration (server and device)
        self.targets_source = f"{registration['server_url']} {self.device_id}"
        url = server_url or registration["server_url"]
        apply_settings(self.config.transport, store.get_setting)  # CA bundle, plain http
        self.transport = Transport(
            url,
            token=registration["token"],
            config=self.config.transport,
            on_traffic=self._count_traffic,
        )
        self.report = SyncReport()
        self._progress = Progress(phase="push")

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ runs
    def run(self) -> SyncReport:
        """Push everything, then pull everything; then purge what retention allows.

        The purge (``Store.purge_expired``) runs only after a successful run: that is
        when acknowledgements and approvals have just arrived. A failed purge is logged
        and leaves the run successful (each purged chunk is whole; the next run retries).
        """
        report = self._guarded(lambda: (self._push(), self._pull()))
        self._purge()
        return report

    def _purge(self) -> None:
        try:
            result = self.store.purge_expired()
        except Exception as exc:  # noqa: BLE001 - the sync itself succeeded
            log.warning("retention purge failed: %s: %s", type(exc).__name__, exc)
            return
        self.report.purged = result.requests
        self.report.retention_days = result.days

    def push(self) -> SyncReport:
        return self._guarded(self._push)

    def pull(self) -> SyncReport:
        return self._guarded(self._pull)

    def _guarded(self, work: Callable[[], object]) -> SyncReport:
        started = time.monotonic()
        self.report = SyncReport()
        self._progress = Progress(phase="push", records_total=self.store.pending_changes())
        try:
            work()
        except SyncError as err:
            log.warning("sync stopped: %s (action %s, HTTP %s)", err.code, err.action, err.status)
            self._after_contact()
            self.store.record_sync_error(
                err.code, err.action, err.message(self.config.lang), err.detail
            )
            raise
        finally:
            self.report.seconds = time.monotonic() - started
        self._after_contact()
        self.store.record_sync_success()
        report = self.report
        log.info(
            "sync done: %d batch(es), %d record(s) sent, %d accepted, %d rejected, %d stale, "
            "%d change(s) pulled, %d target(s) pulled, %.1f s",
            report.batches_sent,
            report.records_sent,
            report.accepted,
            report.rejected,
            report.stale,
            report.changes_pulled,
            report.targets_pulled,
            report.seconds,
        )
        self._emit("done")
        return report

    # ------------------------------------------------------------------ push
    def _push(self) -> None:
        self._emit("push")
        while True:
            pending = self.store.unacked_batches()
            if pending:
                batch = pending[0]
            else:
                batch = self.store.seal_next_batch(
                    self.device_id,
                    self._batch_size(),
                    protocol.seal_batch,
                    max_body_bytes=self.config.max_body_bytes,
                )
                if batch is None:
                    return
            self._send(batch)

    def _send(self, batch) -> None:
        started = time.monotonic()
        try:
            result = self.transport.put_batch(batch.batch_uuid, batch.body)
        except Unreachable:
            self._shrink(batch.record_count)
            raise
        except ServerError as err:
            if err.code == "too_large":
                # Refused unread: nothing of it is on the server; seal the range smaller.
                self.store.void_batch(batch.batch_uuid, err.code)
                self._set_batch_size(max(1, batch.record_count // 2))
                if batch.record_count <= 1:
                    raise
                return
            if err.retryable:
                self._shrink(batch.record_count)
            raise
        if result.batch_uuid != batch.batch_uuid:
            raise Unreachable("bad_response", detail="batch_uuid")
        counts = self.store.ack_batch(batch.batch_uuid, result.model_dump(mode="json"))
        elapsed = time.monotonic() - started
        report = self.report
        report.batches_sent += 1
        report.records_sent += batch.record_count
        report.accepted += counts.get("accepted", 0)
        report.rejected += counts.get("rejected", 0)
        report.stale += counts.get("stale", 0)
        report.duplicates += int(result.duplicate)
        self._progress.records_sent += batch.record_count
        self._emit("push")
        if elapsed < self.config.fast_seconds() and batch.record_count >= self._batch_size():
            self._set_batch_size(self._batch_size() * 2)

    def _batch_size(self) -> int:
        size = self.store.batch_size(self.config.initial_batch_size)
        return max(1, min(size, self.config.max_batch_size, protocol.MAX_RECORDS_PER_BATCH))

    def _set_batch_size(self, size: int) -> None:
        limit = min(self.config.max_batch_size, protocol.MAX_RECORDS_PER_BATCH)
        self.store.set_batch_size(max(1, min(size, limit)))

    def _shrink(self, failed_count: int) -> None:
        size = min(self._batch_size(), max(failed_count, 1)) // 2
        self._set_batch_size(max(self.config.min_batch_size, size))

    # ------------------------------------------------------------------ pull
    def _pull(self) -> None:
        self._emit("pull")
        while True:
            cursor = self.store.pull_cursor()
            page = self.transport.changes(cursor, self.config.pull_page)
            changes = [c.model_dump(mode="json") for c in page.changes]
            applied = self.store.apply_changes(changes, page.next_cursor)
            self.report.changes_pulled += len(changes)
            self.report.reviews_applied += applied
            self._progress.changes_pulled += len(changes)
            self._emit("pull")
            if not page.has_more or page.next_cursor <= cursor:
                break
        self._pull_targets()
        if not self.store.has_recovery_key():  # one extra request, until the laptop has it
            adopt_recovery_key(self.store, self.transport.health().recovery_public_key)

    def _pull_targets(self) -> None:
        """Pull the target list since the stored cursor, each page stored with its cursor.

        A server without the target feed (404) or an account without a kecamatan
        (``forbidden_role``) leaves the laptop's list as it is.
        """
        cursor = self.store.begin_targets_pull(self.targets_source)
        while True:
            try:
                page = self.transport.targets(cursor, self.config.targets_page)
            except ServerError as err:
                if err.code in TARGETS_SKIPPED:
                    log.info("target list not pulled: %s (HTTP %s)", err.code, err.status)
                    return
                raise
            items = [item.model_dump(mode="json") for item in page.items]
            self.store.apply_targets(items, page.next_cursor)
            self.report.targets_pulled += len(items)
            self._progress.targets_pulled += len(items)
            self._emit("pull")
            if not page.has_more or page.next_cursor <= cursor:
                return
            cursor = page.next_cursor

    # ------------------------------------------------------------------ bookkeeping
    def _count_traffic(self, sent: int, received: int) -> None:
        self.report.bytes_sent += sent
        self.report.bytes_received += received
        self._progress.bytes_sent += sent
        self._progress.bytes_received += received

    def _after_contact(self) -> None:
        skew = self.transport.clock_skew
        if skew is None:
            return
        self.report.clock_skew_seconds = skew
        self.store.record_clock_skew(skew)
        warning = clock_warning(skew, self.config.lang)
        if warning and warning not in self.report.warnings:
            self.report.warnings.append(warning)

    def _emit(self, phase: str) -> None:
        self._progress.phase = phase
        if self.progress_callback:
            self.progress_callback(Progress(**vars(self._progress)))


def clock_warning(skew_seconds: float | None, lang: str = "id") -> str | None:
    """The warning text when the laptop clock is more than 5 minutes off, else None."""
    if skew_seconds is None or abs(skew_seconds) <= CLOCK_SKEW_WARNING_SECONDS:
        return None
    minutes = round(abs(skew_seconds) / 60)
    return SKEW_WARNING.get(lang, SKEW_WARNING["id"]).format(minutes=minutes)


def open_store(data_dir: Path):
    """Open the laptop store of ``data_dir`` (the sync client's own connection)."""
    from app.paths import database_path
    from app.store import Store

    return Store.open(database_path(Path(data_dir)))
