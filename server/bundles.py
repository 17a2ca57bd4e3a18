"""Relay bundles on the server: device keys, verification and ingest.

A bundle (format in :mod:`sync.bundle`) arrives through ``POST /api/v1/relay`` from any
registered laptop, or from ``jempol-server import-bundle``. Everything is checked before
anything is written: the device that made it (known, not revoked, account enabled, with
a registered public key), its Ed25519 signature over the whole file, the decryption with
the server key, and every batch body inside (``open_batch``). Then each batch goes
through :func:`server.ingest.ingest_batch` as that device's officer - the same
idempotent path as ``PUT /batches/{uuid}`` - so when the laptop later syncs directly,
the same batch UUIDs come back as duplicates and nothing is stored twice.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text

from server.db import iso, utcnow
from server.ingest import ingest_batch
from server.keys import ServerKeys
from server.processing_log import Actor, record_access
from sync.bundle import (
    MAX_BUNDLE_BYTES,
    BundleError,
    RelayBatchResult,
    RelayResult,
    check_public_key,
    decrypt,
    parse_bundle,
    verify,
)
from sync.protocol import ProtocolError, open_batch

log = logging.getLogger("jempol.server.bundles")

_DEVICE_SQL = text(
    "SELECT d.id, d.user_id, d.name, d.created_at, d.last_seen_at, d.revoked_at,"
    " d.public_key, u.username, u.role, u.kecamatan_code, u.disabled"
    " FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = :device_id"
)


def save_device_key(conn: Connection, device_id: str, public_key: str) -> None:
    """Store the device's Ed25519 public key (base64 of 32 bytes) on its row."""
    try:
        check_public_key(public_key)
    except ValueError as exc:
        raise ProtocolError("bad_request", f"device_public_key: {exc}") from None
    conn.execute(
        text("UPDATE devices SET public_key = :key WHERE id = :device_id"),
        {"key": public_key, "device_id": device_id},
    )


def _bundle_device(conn: Connection, device_id: str) -> tuple[dict, dict, str]:
    """(device, user, public key) in the shapes ``ingest_batch`` takes; BundleError if the
    device cannot send."""
    row = conn.execute(_DEVICE_SQL, {"device_id": device_id}).mappings().first()
    if row is None:
        raise BundleError("bundle_device_unknown")
    if row["revoked_at"] is not None or row["disabled"]:
        raise BundleError("bundle_device_revoked")
    if not row["public_key"]:
        raise BundleError("bundle_device_no_key")
    device = {k: row[k] for k in ("id", "user_id", "name", "created_at", "last_seen_at")}
    user = {
        "id": row["user_id"],
        "username": row["username"],
        "role": row["role"],
        "kecamatan_code": row["kecamatan_code"],
    }
    return device, user, row["public_key"]


def _refused(err: BundleError, lang: str, device_id: str = "") -> RelayResult:
    return RelayResult(
        status="refused",
        code=err.code,
        message=err.message(lang),
        device_id=device_id,
        server_time=iso(utcnow()),
    )


def open_bundle(
    engine: Engine, keys: ServerKeys | None, data: bytes
) -> tuple[dict, dict, list[tuple[str, bytes]], str]:
    """Verify and decrypt; (device, user, [(batch_uuid, body)], created_at) or BundleError.

    Reads only: nothing is written whatever happens here.
    """
    parsed = parse_bundle(data)
    if keys is None:
        raise BundleError("bundle_no_server_key")
    with engine.connect() as conn:
        device, user, public_key = _bundle_device(conn, parsed.header.device_id)
    verify(parsed, public_key)
    bodies = decrypt(parsed, keys.private_key)
    for batch_uuid, body in bodies:
        try:
            batch = open_batch(body, "gzip")
        except ProtocolError as exc:
            raise BundleError("bundle_damaged", f"batch {batch_uuid}: {exc.code}") from exc
        if batch.batch_uuid != batch_uuid:
            raise BundleError("bundle_damaged", f"batch {batch_uuid}: uuid differs")
    return device, user, bodies, parsed.header.created_at


def import_bundle(
    engine: Engine,
    keys: ServerKeys | None,
    data: bytes,
    *,
    relayed_by: str | None = None,
    lang: str = "id",
) -> RelayResult:
    """Check a bundle whole, then ingest its batches one by one (each its own transaction).

    A refused bundle writes nothing. A batch the ingest refuses (e.g. ``forbidden_scope``)
    is reported with its code; the others still go in, as they would in a direct sync.
    """
    try:
        device, user, bodies, created_at = open_bundle(engine, keys, data)
    except BundleError as err:
        log.warning("relay bundle refused: %s (%s)", err.code, err.detail or "-")
        return _refused(err, lang)
    results = []
    for batch_uuid, body in bodies:
        try:
            answer = ingest_batch(engine, device, user, batch_uuid, body, "gzip")
        except ProtocolError as exc:
            results.append(
                RelayBatchResult(
                    batch_uuid=batch_uuid,
                    status="refused",
                    code=exc.code,
                    message=exc.message(lang),
                )
            )
            continue
        counts = {"accepted": 0, "rejected": 0, "stale": 0}
        for item in answer.results:
            counts[item.outcome] += 1
        results.append(
            RelayBatchResult(
                batch_uuid=batch_uuid,
                status="duplicate" if answer.duplicate else "stored",
                result=answer,
                **counts,
            )
        )
    log.info(
        "relay bundle of device %s (%d batch(es)) imported%s",
        device["id"],
        len(results),
        f", relayed by device {relayed_by}" if relayed_by else " by the admin",
    )
    return RelayResult(
        status="ingested",
        device_id=device["id"],
        created_at=created_at,
        batches=results,
        server_time=iso(utcnow()),
    )


def log_import(engine: Engine, actor: Actor, result: RelayResult) -> None:
    """Processing log: ``actor`` brought in a bundle; the records of its batches."""
    uuids = [
        record.uuid
        for item in result.batches
        if item.result is not None
        for record in item.result.results
    ]
    with engine.begin() as conn:
        record_access(
            conn,
            actor,
            "import_bundle",
            record_uuids=uuids,
            detail={
                "status": result.status,
                "code": result.code or None,
                "bundle_device_id": result.device_id or None,
                "batches": len(result.batches),
            },
        )


async def read_bundle_body(request) -> bytes:
    """The request body, at most ``MAX_BUNDLE_BYTES`` (``413 too_large`` beyond)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BUNDLE_BYTES:
        raise ProtocolError("too_large", f"a bundle is at most {MAX_BUNDLE_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BUNDLE_BYTES:
            raise ProtocolError("too_large", f"a bundle is at most {MAX_BUNDLE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
