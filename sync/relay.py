"""The laptop's side of relay bundles: export this laptop's unsent batches, relay a file.

``export_bundle`` seals every pending outbox entry into batches (stored exactly as a
direct sync would seal them, so the server's idempotency by batch UUID holds), then
writes every sealed, unacknowledged batch into one file encrypted to the pinned server
key and signed with this device's key (:mod:`sync.bundle`). Nothing is marked sent by an
export: the batches stay waiting until the laptop syncs directly, when the server
answers ``duplicate`` for what the bundle already delivered and they are acknowledged.

``relay_bundle`` posts such a file, unopened, to ``POST /api/v1/relay`` with this
laptop's own device token; this laptop cannot read it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sync import protocol
from sync.bundle import (
    BUNDLE_MESSAGES,
    KV_SERVER_KEY,
    KV_SIGNING_KEY,
    MAX_BUNDLE_BYTES,
    BundleError,
    RelayResult,
    parse_bundle,
    write_bundle,
)
from sync.client import SyncConfig
from sync.errors import NotRegistered
from sync.transport import Transport


@dataclass
class ExportReport:
    path: Path | None  # None: nothing was waiting, no file written
    batches: int = 0
    records: int = 0
    bytes: int = 0


def seal_pending(store, device_id: str, config: SyncConfig) -> int:
    """Seal every outbox entry not yet in a batch; returns how many batches were sealed."""
    size = max(1, min(config.max_batch_size, protocol.MAX_RECORDS_PER_BATCH))
    sealed = 0
    while (
        store.seal_next_batch(
            device_id, size, protocol.seal_batch, max_body_bytes=config.max_body_bytes
        )
        is not None
    ):
        sealed += 1
    return sealed


def export_bundle(store, path: Path, *, config: SyncConfig | None = None) -> ExportReport:
    """Write this laptop's unacknowledged batches to ``path`` (replaced atomically).

    ``store`` is opened by the calling thread; hold ``sync_lock`` around the call (it
    seals batches, like a sync run).
    """
    config = config or SyncConfig()
    registration = store.registration()
    if registration is None:
        raise NotRegistered()
    signing_key = store.sync_get(KV_SIGNING_KEY)
    server_key = store.sync_get(KV_SERVER_KEY)
    if not signing_key or not server_key:
        raise BundleError("bundle_not_ready")
    device_id = registration["device_id"]
    seal_pending(store, device_id, config)
    pending = store.unacked_batches()
    if not pending:
        return ExportReport(path=None)
    data = write_bundle(
        device_id,
        signing_key,
        server_key,
        [(batch.batch_uuid, batch.body) for batch in pending],
        protocol.utc_now_iso(),
    )
    write_file(Path(path), data)
    return ExportReport(
        path=Path(path),
        batches=len(pending),
        records=sum(batch.record_count for batch in pending),
        bytes=len(data),
    )


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file (a pulled USB stick
    leaves the old file or none, never half a bundle)."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".jempol-bundle-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise BundleError("bundle_unwritable", exc.strerror or type(exc).__name__) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def read_file(path: Path) -> bytes:
    """The bundle bytes, checked for shape (not for the signature: only the server can)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError("bundle_too_large")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BundleError("bundle_unreadable", exc.strerror or type(exc).__name__) from None
    parse_bundle(data)
    return data


def relay_bundle(
    store,
    path: Path,
    *,
    server_url: str | None = None,
    config: SyncConfig | None = None,
) -> RelayResult:
    """Post the bundle at ``path`` to the server this laptop is registered with.

    Returns the server's :class:`RelayResult` (per-batch outcomes); raises
    ``BundleError`` when the server refused the whole bundle (nothing of it written),
    ``SyncError`` for transport failures, as a sync does.
    """
    config = config or SyncConfig()
    data = read_file(path)
    registration = store.registration()
    if registration is None:
        raise NotRegistered()
    url = server_url or registration["server_url"]
    with Transport(url, token=registration["token"], config=config.transport) as transport:
        result = transport.post_bundle(data)
    if result.status == "refused":
        if result.code in BUNDLE_MESSAGES:
            raise BundleError(result.code)
        raise BundleError("bundle_refused", result.message or result.code)
    return result
