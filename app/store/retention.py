"""Retention: residents' data leaves the laptop once its purpose here is served.

UU PDP (Law 27/2022) asks that personal data be deleted when the purpose of processing
is served. For a request recorded on the laptop that is when the server holds it and a
supervisor has approved it: ``purge_expired`` deletes such requests once the approval is
older than the ``retention_days`` setting (default 30, from 1 to 365).

A request is purged only when all of these hold:

* ``sync_state = 'accepted'`` and ``review_state = 'approved'``;
* every outbox entry of the request, its newest revision's included, is acknowledged:
  at or below the end of the last acknowledged batch and inside no sealed batch still
  waiting for the server (an entry still pending or only sealed keeps the request);
* its approval (``review_at``, else ``updated_at``) is older than the cutoff, and not
  older than the server's receipt of the newest revision (``server_received_at``, same
  clock): the server forgets a decision when a new revision arrives, so an approval of
  an earlier revision does not count even though the laptop still shows it.

Purging deletes, for each chunk of ``CHUNK`` requests in one write transaction (an
interrupted purge leaves whole chunks done and the rest untouched):

* the request row; its FTS name entry goes with it (delete trigger of m003);
* its ``request_history`` rows and its outbox entries (all acknowledged; outbox ids are
  AUTOINCREMENT, so they are never reused and the sync cursor is unaffected);
* the target-list entry it served (same NIK and service, the request not cancelled):
  it is personal data whose purpose is served, and kept it would show the resident
  as still to be served once the request that marked it served is gone;
* the link from its blank card (``stock_movements.request_uuid`` set to NULL; the
  movement stays: it is the card ledger and holds no resident data);
* the bodies of the acknowledged batches that carried any revision of it (set to
  ``X''``; an acknowledged batch is never sent again; its range, hash and the server's
  answer stay);

and first adds its count to ``purged_counts`` (per visit day, visit, officer, desa,
service and status), which ``daily_summary`` adds to what is left, so a day's summary
reads the same after a purge.

Kept: visits (the daily summary groups by them; they hold no resident data, except
that a house call's coordinates and site note point at the resident's home: for an
ended house-call visit with no request left and every outbox entry acknowledged, those
are cleared in the row and in its outbox payloads), stock movements, and the audit
trail (uuids and field names only; one line per chunk records the purge itself).

Deleted content does not linger in the file: SQLCipher connections have
``secure_delete`` on (the purge sets it as well), so freed cells and pages are zeroed;
after a purge the FTS index is merged (``optimize``) so the purged names' tokens leave
its older segments (a flag in ``settings`` survives an interruption); and the WAL is
checkpointed and truncated (best effort: a reader can hold it until the next time).
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from app.store.database import utc_now, write_transaction
from app.store.errors import StoreError

RETENTION_SETTING = "retention_days"
DEFAULT_RETENTION_DAYS = 30
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 365
CHUNK = 500
# Set in the transaction of every purged chunk, cleared with the FTS merge.
FTS_PENDING_SETTING = "retention_fts_merge_pending"
HOUSE_CALL = "rumah"

log = logging.getLogger("jempol.store.retention")

# The approval time; the same expression as the index requests_retention (m005).
APPROVED_AT = "coalesce(r.review_at, r.updated_at)"
# An outbox entry (alias o) the server has not acknowledged yet.
_UNACKED = (
    "(o.id > :acked OR EXISTS (SELECT 1 FROM sync_batches AS b WHERE b.state = 'sealed'"
    " AND o.id BETWEEN b.outbox_first AND b.outbox_last))"
)
_CANDIDATES = f"""
SELECT r.id, r.uuid, r.nik, r.service, r.status, r.visit_uuid, {APPROVED_AT} AS approved_at
FROM requests AS r INDEXED BY requests_retention
WHERE r.review_state = 'approved' AND r.sync_state = 'accepted'
  AND {APPROVED_AT} < :cutoff
  AND ({APPROVED_AT} > :after_at OR ({APPROVED_AT} = :after_at AND r.id > :after_id))
  AND {APPROVED_AT} >= coalesce(r.server_received_at, '')
  AND EXISTS (SELECT 1 FROM outbox AS o WHERE o.entity = 'request'
              AND o.entity_uuid = r.uuid AND o.revision = r.revision AND o.id <= :acked)
  AND NOT EXISTS (SELECT 1 FROM outbox AS o WHERE o.entity = 'request'
                  AND o.entity_uuid = r.uuid AND {_UNACKED})
ORDER BY {APPROVED_AT}, r.id
LIMIT :limit
"""
_COUNT_KEY = "visit_date, visit_uuid, officer_id, desa_code, service, status"


def valid_retention_days(value: Any) -> int:
    """``value`` (a whole number, or its digits as text) as days; ``StoreError`` unless
    it is from ``MIN_RETENTION_DAYS`` to ``MAX_RETENTION_DAYS``."""
    days: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        days = value
    elif isinstance(value, str) and value.strip().isdigit():
        days = int(value.strip())
    if days is None or not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise StoreError(
            "retention_days_invalid",
            field=RETENTION_SETTING,
            minimum=MIN_RETENTION_DAYS,
            maximum=MAX_RETENTION_DAYS,
        )
    return days


def cutoff_for(now: datetime | None, days: int) -> str:
    """The approval time before which requests are purged, as stored times are written
    (UTC ISO-8601, sorting as text). A naive ``now`` is taken as UTC."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return (now.astimezone(UTC) - timedelta(days=days)).isoformat(timespec="microseconds")


@dataclass
class PurgeResult:
    """What one ``purge_expired`` call removed (counts of rows)."""

    days: int
    cutoff: str
    requests: int = 0
    history: int = 0
    outbox: int = 0
    targets: int = 0
    stock_links: int = 0  # blank-card movements unlinked from a purged request
    batch_bodies: int = 0  # acknowledged batch bodies emptied
    visits_cleared: int = 0  # house-call visits whose coordinates and note were cleared
    backups: int = 0  # pre-upgrade backup copies older than the retention period deleted
    chunks: int = 0
    complete: bool = True  # False when ``should_stop`` ended it early
    checkpointed: bool = False  # the WAL was checkpointed and truncated
    seconds: float = 0.0
    merge_seconds: float = 0.0  # of ``seconds``: merging the FTS name index


class RetentionMixin:
    """Retention methods of ``app.store.Store`` (all the purge's SQL)."""

    db: sqlite_utils.Database

    # ------------------------------------------------------------------ setting
    def retention_days(self) -> int:
        """The stored days; the default when missing, 0 or not a whole number from 1 to 365."""
        value = self.get_setting(RETENTION_SETTING, DEFAULT_RETENTION_DAYS)  # type: ignore[attr-defined]
        try:
            return valid_retention_days(value)
        except StoreError:
            return DEFAULT_RETENTION_DAYS

    def set_retention_days(self, value: Any) -> int:
        """Store ``value`` (validated; ``StoreError`` naming the field otherwise)."""
        days = valid_retention_days(value)
        self.set_setting(RETENTION_SETTING, days)  # type: ignore[attr-defined]
        return days

    # ------------------------------------------------------------------ purge
    def purge_expired(
        self,
        now: datetime | None = None,
        days: int | None = None,
        *,
        chunk_size: int = CHUNK,
        should_stop: Callable[[], bool] | None = None,
    ) -> PurgeResult:
        """Purge every request approved more than ``days`` (default: the setting) before
        ``now`` (default: the current time) that the rules of the module allow.

        Runs chunk by chunk, each in its own write transaction; ``should_stop`` is asked
        before each chunk (the app closing). Call it on a worker thread with the
        thread's own store: the first purge of a full laptop takes a while.
        """
        days = self.retention_days() if days is None else valid_retention_days(days)
        result = PurgeResult(days=days, cutoff=cutoff_for(now, days))
        started = time.monotonic()
        self.db.execute("PRAGMA secure_delete = ON")  # SQLCipher's default; made sure
        after: tuple[str, int] = ("", 0)
        while True:
            if should_stop is not None and should_stop():
                result.complete = False
                break
            with write_transaction(self.db):
                rows = self._purge_candidates(result.cutoff, after, max(1, chunk_size))
                if rows:
                    self._purge_chunk(rows, result)
            if not rows:
                break
            after = (rows[-1]["approved_at"], rows[-1]["id"])
            if len(rows) < chunk_size:
                break
        if result.complete:
            if self.get_setting(FTS_PENDING_SETTING, False):  # type: ignore[attr-defined]
                merge_started = time.monotonic()
                self._merge_name_index()
                result.merge_seconds = time.monotonic() - merge_started
            result.checkpointed = self._checkpoint_wal()
            result.backups = self._drop_old_backups(now, days)
        result.seconds = time.monotonic() - started
        if result.requests:
            log.info(
                "retention: purged %d request(s) approved before %s (%d day(s)) in %d chunk(s),"
                " %.1f s",
                result.requests,
                result.cutoff[:10],
                days,
                result.chunks,
                result.seconds,
            )
        return result

    def _drop_old_backups(self, now: datetime | None, days: int) -> int:
        """Delete the copies made before schema upgrades (``<file>.pre-<step>.bak``) once
        they are older than the retention period: they hold records purged since."""
        limit = (now or datetime.now(UTC)).timestamp() - days * 86400
        dropped = 0
        path = self.path  # type: ignore[attr-defined]
        for backup in path.parent.glob(path.name + ".pre-*.bak"):
            try:
                if backup.stat().st_mtime < limit:
                    backup.unlink()
                    dropped += 1
            except OSError as exc:  # in use, or already gone: the next purge retries
                log.warning("retention: backup %s not deleted: %s", backup.name, exc)
        return dropped

    def purgeable_count(self, now: datetime | None = None, days: int | None = None) -> int:
        """How many requests ``purge_expired`` would delete now (nothing is written)."""
        days = self.retention_days() if days is None else valid_retention_days(days)
        cutoff, total, after = cutoff_for(now, days), 0, ("", 0)
        while rows := self._purge_candidates(cutoff, after, CHUNK):
            total += len(rows)
            after = (rows[-1]["approved_at"], rows[-1]["id"])
        return total

    def _purge_candidates(self, cutoff: str, after: tuple[str, int], limit: int) -> list[dict]:
        params = {
            "cutoff": cutoff,
            "after_at": after[0],
            "after_id": after[1],
            "acked": self.outbox_acked_through(),  # type: ignore[attr-defined]
            "limit": limit,
        }
        return [dict(r) for r in self.db.query(_CANDIDATES, params)]

    def _purge_chunk(self, rows: list[dict], result: PurgeResult) -> None:
        """Delete one chunk of eligible requests (inside the caller's transaction)."""
        db = self.db
        ids = [r["id"] for r in rows]
        uuids = [r["uuid"] for r in rows]
        id_marks = ", ".join("?" for _ in ids)
        uuid_marks = ", ".join("?" for _ in uuids)
        acked = self.outbox_acked_through()  # type: ignore[attr-defined]
        db.execute(
            f"INSERT INTO purged_counts ({_COUNT_KEY}, count)"
            f" SELECT {_COUNT_KEY}, count(*) FROM requests WHERE id IN ({id_marks})"
            f" GROUP BY {_COUNT_KEY}"
            f" ON CONFLICT ({_COUNT_KEY}) DO UPDATE"
            " SET count = purged_counts.count + excluded.count",
            ids,
        )
        outbox_ids = [
            row[0]
            for row in db.execute(
                f"SELECT id FROM outbox WHERE entity = 'request' AND entity_uuid IN ({uuid_marks})",
                uuids,
            )
        ]
        result.batch_bodies += self._release_batch_bodies(outbox_ids)
        result.history += db.execute(
            f"DELETE FROM request_history WHERE uuid IN ({uuid_marks})", uuids
        ).rowcount
        result.stock_links += db.execute(
            f"UPDATE stock_movements SET request_uuid = NULL WHERE request_uuid IN ({uuid_marks})",
            uuids,
        ).rowcount
        served = [(r["nik"], r["service"]) for r in rows if r["status"] != "cancelled"]
        if served:
            result.targets += db.conn.executemany(
                "DELETE FROM targets WHERE nik = ? AND service = ?", served
            ).rowcount
        result.outbox += db.execute(
            f"DELETE FROM outbox WHERE entity = 'request' AND entity_uuid IN ({uuid_marks})"
            " AND id <= ?",
            [*uuids, acked],
        ).rowcount
        deleted = db.execute(f"DELETE FROM requests WHERE id IN ({id_marks})", ids).rowcount
        if deleted != len(ids):  # the rows were selected in this very transaction
            raise RuntimeError(f"retention: {deleted} of {len(ids)} requests deleted")
        result.requests += deleted
        result.visits_cleared += self._clear_house_calls({r["visit_uuid"] for r in rows}, acked)
        result.chunks += 1
        now = utc_now()
        detail = f"{deleted} request(s) approved before {result.cutoff[:10]} purged"
        self._audit(None, "retention", None, "purged", detail, now)  # type: ignore[attr-defined]
        self.set_setting(FTS_PENDING_SETTING, True)  # type: ignore[attr-defined]

    def _release_batch_bodies(self, outbox_ids: Iterable[int]) -> int:
        """Empty the bodies of the acknowledged batches whose range holds any of
        ``outbox_ids``; returns how many were emptied."""
        ranges = self.db.execute(
            "SELECT outbox_first, outbox_last, batch_uuid FROM sync_batches"
            " WHERE state = 'acked' AND length(body) > 0 ORDER BY outbox_first"
        ).fetchall()
        firsts = [r[0] for r in ranges]
        hit: set[str] = set()
        for outbox_id in outbox_ids:
            i = bisect.bisect_right(firsts, outbox_id) - 1
            if i >= 0 and ranges[i][1] >= outbox_id:
                hit.add(ranges[i][2])
        for batch_uuid in sorted(hit):
            self.db.execute("UPDATE sync_batches SET body = X'' WHERE batch_uuid = ?", [batch_uuid])
        return len(hit)

    def _clear_house_calls(self, visit_uuids: Iterable[str], acked: int) -> int:
        """Clear the coordinates and site note of the ended house-call visits among
        ``visit_uuids`` that have no request left and no unacknowledged outbox entry."""
        cleared = 0
        for visit_uuid in sorted(visit_uuids):
            visit = self.db.execute(
                "SELECT 1 FROM visits WHERE uuid = ? AND site = ? AND ended_at IS NOT NULL"
                " AND (latitude IS NOT NULL OR longitude IS NOT NULL OR site_note != '')"
                " AND NOT EXISTS (SELECT 1 FROM requests WHERE visit_uuid = visits.uuid)",
                [visit_uuid, HOUSE_CALL],
            ).fetchone()
            if visit is None:
                continue
            entries = [
                row[0]
                for row in self.db.execute(
                    "SELECT id FROM outbox WHERE entity = 'visit' AND entity_uuid = ?",
                    [visit_uuid],
                )
            ]
            unacked = self.db.execute(
                "SELECT count(*) FROM outbox AS o WHERE o.entity = 'visit'"
                f" AND o.entity_uuid = :uuid AND {_UNACKED}",
                {"uuid": visit_uuid, "acked": acked},
            ).fetchone()[0]
            if unacked:
                continue
            self.db.execute(
                "UPDATE visits SET latitude = NULL, longitude = NULL, site_note = ''"
                " WHERE uuid = ?",
                [visit_uuid],
            )
            self.db.execute(
                "UPDATE outbox SET payload = json_set(payload, '$.latitude', NULL,"
                " '$.longitude', NULL, '$.site_note', '')"
                " WHERE entity = 'visit' AND entity_uuid = ?",
                [visit_uuid],
            )
            self._release_batch_bodies(entries)
            cleared += 1
        return cleared

    def _merge_name_index(self) -> None:
        """Merge the FTS index into one segment: deleted names' tokens leave the file."""
        with write_transaction(self.db):
            self.db.execute("INSERT INTO requests_fts(requests_fts) VALUES ('optimize')")
            self.db.execute("DELETE FROM settings WHERE key = ?", [FTS_PENDING_SETTING])

    def _checkpoint_wal(self) -> bool:
        """Copy the WAL into the file and truncate it; False when a reader held it."""
        busy, _log, _done = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
