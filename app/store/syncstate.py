"""Sync bookkeeping on the laptop (owned by the sync engineer).

``SYNC_MIGRATIONS`` is the second migration set; ``Store.open`` applies it
after ``app.store.migrations.MIGRATIONS``. ``SyncStateMixin`` is mixed into
``Store`` ahead of the outbox mixin, so ``outbox_acked_through()`` here (the end
of the last acknowledged batch) takes precedence over the outbox's setting.

Tables:

* ``sync_batches`` - one row per sealed batch: the outbox range it covers, the
  exact gzip bytes sent (``body``, resent byte-identical; emptied once the batch is
  acknowledged and a request in it is purged, see ``app.store.retention``), its hash,
  and its state:
  ``sealed`` (waiting for the server), ``acked`` (the server's answer is stored) or
  ``void`` (the server refused it unread as too large; the range is sealed again
  as smaller batches - a void batch is never sent again).
* ``sync_kv`` - device id, device token, server URL, pull cursor, last success,
  last error, clock skew, adaptive batch size.

Batches are sealed one at a time right before they are sent, so at most one
batch is waiting at any moment; the next one starts after the highest outbox id
of any non-void batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from app.domain.ids import new_uuid
from app.store.database import utc_now, write_transaction

SYNC_MIGRATIONS = Migrations("jempol-sync")

# Keys of sync_kv.
DEVICE_ID = "device_id"
DEVICE_TOKEN = "device_token"  # plain for now; never in a settings file or a log
DEVICE_NAME = "device_name"
OFFICER_USERNAME = "officer_username"
SERVER_URL = "server_url"
PULL_CURSOR = "pull_cursor"
LAST_SUCCESS_AT = "last_success_at"
LAST_ERROR = "last_error"  # JSON {code, action, message, at}
LAST_ATTEMPT_AT = "last_attempt_at"
CLOCK_SKEW = "clock_skew_seconds"
BATCH_SIZE = "batch_size"

REVIEW_STATES = {"approve": "approved", "return": "returned", "reject": "rejected"}


@SYNC_MIGRATIONS()
def s001_batches(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE sync_batches (
            batch_uuid TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            outbox_first INTEGER NOT NULL,
            outbox_last INTEGER NOT NULL CHECK (outbox_last >= outbox_first),
            record_count INTEGER NOT NULL CHECK (record_count >= 1),
            body BLOB NOT NULL,
            content_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'sealed' CHECK (state IN ('sealed', 'acked', 'void')),
            acked_at TEXT,
            result TEXT
        )"""
    )
    db.execute("CREATE INDEX sync_batches_state ON sync_batches(state, seq)")
    db.execute("CREATE TABLE sync_kv (key TEXT PRIMARY KEY, value TEXT)")
    # A sealed batch is immutable: its bytes and range never change.
    db.execute(
        """CREATE TRIGGER sync_batches_immutable BEFORE UPDATE OF
               batch_uuid, seq, outbox_first, outbox_last, record_count, body,
               content_sha256, created_at ON sync_batches
           BEGIN SELECT RAISE(ABORT, 'a sealed batch cannot be changed'); END"""
    )


@SYNC_MIGRATIONS()
def s002_targets(db: sqlite_utils.Database) -> None:
    """Target residents pulled from ``GET /targets`` (see ``app.store.targets``).

    Keyed like the server's list by (NIK, service); a resident the server removes is
    deleted here. ``targets_desa`` serves the per-desa lists (by name) and counts;
    whether a target is served is looked up through ``requests_nik``.
    """
    db.execute(
        """CREATE TABLE targets (
            nik TEXT NOT NULL,
            service TEXT NOT NULL,
            kk TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            birth_date TEXT,
            sex TEXT,
            desa_code TEXT NOT NULL,
            kecamatan_code TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            rt TEXT NOT NULL DEFAULT '',
            rw TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL DEFAULT '',
            pulled_at TEXT NOT NULL,
            PRIMARY KEY (nik, service)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX targets_desa ON targets(desa_code, name COLLATE NOCASE, nik)")
    db.execute("CREATE INDEX targets_kecamatan ON targets(kecamatan_code, desa_code)")


@SYNC_MIGRATIONS()
def s003_release_acked_bodies(db: sqlite_utils.Database) -> None:
    """Let the retention purge empty the body of an acknowledged batch.

    An acknowledged batch is never sent again, but its body still holds the snapshots
    it carried; once a resident's request is purged (``app.store.retention``), the
    bodies of the acknowledged batches holding it are set to ``X''``. That is the one
    change allowed: a sealed batch stays immutable, and so do every other column and
    the range of an acknowledged one.
    """
    db.execute("DROP TRIGGER sync_batches_immutable")
    db.execute(
        """CREATE TRIGGER sync_batches_immutable BEFORE UPDATE OF
               batch_uuid, seq, outbox_first, outbox_last, record_count, body,
               content_sha256, created_at ON sync_batches
           WHEN NOT (old.state = 'acked' AND new.state = 'acked' AND length(new.body) = 0
                     AND new.batch_uuid = old.batch_uuid AND new.seq = old.seq
                     AND new.outbox_first = old.outbox_first
                     AND new.outbox_last = old.outbox_last
                     AND new.record_count = old.record_count
                     AND new.content_sha256 = old.content_sha256
                     AND new.created_at = old.created_at)
           BEGIN SELECT RAISE(ABORT, 'a sealed batch cannot be changed'); END"""
    )


@dataclass(frozen=True)
class SealedBatch:
    batch_uuid: str
    seq: int
    outbox_first: int
    outbox_last: int
    record_count: int
    body: bytes
    content_sha256: str
    created_at: str
    state: str

    @classmethod
    def from_row(cls, row: dict) -> SealedBatch:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


def latest_envelopes(entries: Iterable[dict]) -> list[dict]:
    """One envelope per entity: its latest revision in ``entries`` (outbox rows, id order).

    The outbox holds the full snapshot at each revision, so the latest row of an
    entity is the whole record. Envelopes keep the order in which each entity first
    appears, so a visit still comes before the requests recorded in it.
    """
    latest: dict[tuple[str, str], dict] = {}
    for entry in entries:
        key = (entry["entity"], entry["entity_uuid"])
        previous = latest.get(key)
        if previous is None or entry["revision"] >= previous["revision"]:
            latest[key] = entry
    return [
        {
            "kind": e["entity"],
            "uuid": e["entity_uuid"],
            "revision": e["revision"],
            "device_time": e["created_at"],
            "data": e["payload"] if isinstance(e["payload"], dict) else json.loads(e["payload"]),
        }
        for e in latest.values()
    ]


class SyncStateMixin:
    """Sync-side methods of ``app.store.Store``; all SQL for sync bookkeeping lives here."""

    db: sqlite_utils.Database

    # ------------------------------------------------------------------ key/values
    def sync_get(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM sync_kv WHERE key = ?", [key]).fetchone()
        return default if row is None or row[0] is None else row[0]

    def sync_set(self, key: str, value: Any) -> None:
        with write_transaction(self.db):
            self._sync_put(key, value)

    def _sync_put(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO sync_kv (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, None if value is None else str(value)],
        )

    def save_registration(
        self, server_url: str, device_id: str, token: str, device_name: str, username: str
    ) -> None:
        """Store a new registration. A different server means a fresh pull cursor."""
        with write_transaction(self.db):
            if self.sync_get(SERVER_URL) not in (None, server_url):
                self._sync_put(PULL_CURSOR, 0)
            self._sync_put(SERVER_URL, server_url)
            self._sync_put(DEVICE_ID, device_id)
            self._sync_put(DEVICE_TOKEN, token)
            self._sync_put(DEVICE_NAME, device_name)
            self._sync_put(OFFICER_USERNAME, username)
            self._sync_put(LAST_ERROR, None)

    def registration(self) -> dict | None:
        """``{server_url, device_id, token, device_name, officer_username}`` or None."""
        device_id = self.sync_get(DEVICE_ID)
        token = self.sync_get(DEVICE_TOKEN)
        if not device_id or not token:
            return None
        return {
            "server_url": self.sync_get(SERVER_URL),
            "device_id": device_id,
            "token": token,
            "device_name": self.sync_get(DEVICE_NAME, ""),
            "officer_username": self.sync_get(OFFICER_USERNAME, ""),
        }

    def record_sync_error(
        self, code: str, action: str, message: str, detail: str | None = None
    ) -> None:
        """Remember the last failure (the message must carry no NIK and no token).

        ``code`` and ``detail`` let a reader show the message in another language.
        """
        value = json.dumps(
            {"code": code, "action": action, "detail": detail, "message": message, "at": utc_now()},
            ensure_ascii=False,
        )
        with write_transaction(self.db):
            self._sync_put(LAST_ERROR, value)
            self._sync_put(LAST_ATTEMPT_AT, utc_now())

    def record_sync_success(self) -> None:
        with write_transaction(self.db):
            now = utc_now()
            self._sync_put(LAST_SUCCESS_AT, now)
            self._sync_put(LAST_ATTEMPT_AT, now)
            self._sync_put(LAST_ERROR, None)

    def record_clock_skew(self, seconds: float) -> None:
        self.sync_set(CLOCK_SKEW, f"{seconds:.3f}")

    def batch_size(self, default: int) -> int:
        return int(self.sync_get(BATCH_SIZE, default))

    def set_batch_size(self, size: int) -> None:
        self.sync_set(BATCH_SIZE, int(size))

    # ------------------------------------------------------------------ outbox refinement
    def outbox_acked_through(self) -> int:
        """End of the last acknowledged batch (batches are acked in outbox order)."""
        row = self.db.execute(
            "SELECT max(outbox_last) FROM sync_batches WHERE state = 'acked'"
        ).fetchone()
        return row[0] or 0

    def sealed_through(self) -> int:
        """Highest outbox id inside a batch that is sealed or acked (0 when none)."""
        row = self.db.execute(
            "SELECT max(outbox_last) FROM sync_batches WHERE state != 'void'"
        ).fetchone()
        return row[0] or 0

    def unsealed_changes(self) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM outbox WHERE id > ?", [self.sealed_through()]
        ).fetchone()
        return row[0]

    # ------------------------------------------------------------------ batches
    def unacked_batches(self) -> list[SealedBatch]:
        rows = self.db.query("SELECT * FROM sync_batches WHERE state = 'sealed' ORDER BY seq")
        return [SealedBatch.from_row(r) for r in rows]

    def get_batch(self, batch_uuid: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM sync_batches WHERE batch_uuid = ?", [batch_uuid]))
        if not rows:
            return None
        row = rows[0]
        row["result"] = json.loads(row["result"]) if row["result"] else None
        return row

    def batches(self) -> list[dict]:
        """Every batch without its body, in sealing order (for status and tests)."""
        return [
            dict(r)
            for r in self.db.query(
                "SELECT batch_uuid, seq, outbox_first, outbox_last, record_count,"
                " length(body) AS body_bytes, content_sha256, created_at, state, acked_at"
                " FROM sync_batches ORDER BY seq"
            )
        ]

    def seal_next_batch(
        self, device_id: str, max_entries: int, seal: Any, max_body_bytes: int | None = None
    ) -> SealedBatch | None:
        """Seal the next outbox range (at most ``max_entries`` rows) into a stored batch.

        ``seal`` is ``sync.protocol.seal_batch`` (passed in: the store does not import
        sync). The range and the batch row are written in one transaction. When the
        body comes out larger than ``max_body_bytes``, the range is halved before
        anything is stored. Returns None when every outbox row is already sealed.
        """
        with write_transaction(self.db):
            start = self.sealed_through()
            size = max(1, max_entries)
            while True:
                rows = list(
                    self.db.query(
                        "SELECT * FROM outbox WHERE id > ? ORDER BY id LIMIT ?", [start, size]
                    )
                )
                if not rows:
                    return None
                records = latest_envelopes(rows)
                batch_uuid = new_uuid()
                created_at = utc_now()
                batch, body = seal(
                    batch_uuid, device_id, rows[0]["id"], rows[-1]["id"], records, created_at
                )
                if max_body_bytes is None or len(body) <= max_body_bytes or size == 1:
                    break
                size = max(1, len(rows) // 2)
            seq_row = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM sync_batches")
            seq = seq_row.fetchone()[0]
            self.db.execute(
                "INSERT INTO sync_batches (batch_uuid, seq, outbox_first, outbox_last,"
                " record_count, body, content_sha256, created_at, state)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sealed')",
                [
                    batch_uuid,
                    seq,
                    rows[0]["id"],
                    rows[-1]["id"],
                    len(records),
                    body,
                    batch.content_sha256,
                    created_at,
                ],
            )
            for record in records:
                if record["kind"] == "request":
                    self.db.execute(
                        "UPDATE requests SET sync_state = 'sent'"
                        " WHERE uuid = ? AND revision = ? AND sync_state = 'pending'",
                        [record["uuid"], record["revision"]],
                    )
        return SealedBatch(
            batch_uuid,
            seq,
            rows[0]["id"],
            rows[-1]["id"],
            len(records),
            body,
            batch.content_sha256,
            created_at,
            "sealed",
        )

    def ack_batch(self, batch_uuid: str, result: dict) -> dict:
        """Store the server's answer for a batch and mark it acknowledged, in one transaction.

        ``result`` is a ``BatchResult`` as a dict. Each request's outcome lands on the
        request when its local revision is still the one sent (a newer local edit
        stays pending). Returns ``{accepted, rejected, stale}`` counts.
        """
        counts = {"accepted": 0, "rejected": 0, "stale": 0}
        rejected: list[dict] = []
        received_at = result.get("received_at")
        with write_transaction(self.db):
            state = self.db.execute(
                "SELECT state FROM sync_batches WHERE batch_uuid = ?", [batch_uuid]
            ).fetchone()
            if state is None or state[0] != "sealed":
                raise ValueError(f"batch {batch_uuid} is not waiting for an answer")
            for item in result.get("results", []):
                outcome = item["outcome"]
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome == "rejected":
                    rejected.append(item)
                if item.get("kind") != "request":
                    continue
                accepted = outcome != "rejected"
                self.db.execute(
                    "UPDATE requests SET sync_state = ?, reject_code = ?, reject_message = ?,"
                    " server_received_at = coalesce(?, server_received_at)"
                    " WHERE uuid = ? AND revision = ?",
                    [
                        "accepted" if accepted else "rejected",
                        None if accepted else item.get("code") or "rejected",
                        None if accepted else _reject_text(item),
                        received_at if accepted else None,
                        item["uuid"],
                        item["revision"],
                    ],
                )
            summary = {
                "duplicate": bool(result.get("duplicate")),
                "received_at": received_at,
                "server_time": result.get("server_time"),
                **counts,
                "rejected_records": rejected,
            }
            self.db.execute(
                "UPDATE sync_batches SET state = 'acked', acked_at = ?, result = ?"
                " WHERE batch_uuid = ?",
                [utc_now(), json.dumps(summary, ensure_ascii=False), batch_uuid],
            )
        return counts

    def void_batch(self, batch_uuid: str, reason: str) -> None:
        """The server refused the batch unread (too large): its range is sealed again."""
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE sync_batches SET state = 'void', result = ?"
                " WHERE batch_uuid = ? AND state = 'sealed'",
                [json.dumps({"void_reason": reason}), batch_uuid],
            )

    # ------------------------------------------------------------------ pull
    def pull_cursor(self) -> int:
        return int(self.sync_get(PULL_CURSOR, 0))

    def apply_changes(self, changes: list[dict], next_cursor: int) -> int:
        """Apply pulled server changes and advance the cursor in one transaction.

        Review decisions land on the request (``review_state``, ``review_comment``,
        ``review_by``, ``review_at``); an older decision never overwrites a newer one.
        Returns how many requests changed.
        """
        changed = 0
        with write_transaction(self.db):
            for change in changes:
                if change["kind"] != "review":
                    continue
                data = change.get("data") or {}
                state = REVIEW_STATES.get(data.get("decision", ""))
                if state is None:
                    continue
                decided_at = data.get("decided_at") or change.get("created_at") or utc_now()
                cursor = self.db.execute(
                    "UPDATE requests SET review_state = ?, review_comment = ?, review_by = ?,"
                    " review_at = ? WHERE uuid = ? AND (review_at IS NULL OR review_at <= ?)",
                    [
                        state,
                        data.get("comment", ""),
                        data.get("decided_by", ""),
                        decided_at,
                        change["entity_uuid"],
                        decided_at,
                    ],
                )
                changed += cursor.rowcount
            self._sync_put(PULL_CURSOR, max(int(next_cursor), self.pull_cursor()))
        return changed

    # ------------------------------------------------------------------ status
    def sync_status(self) -> dict:
        """What ``jempol-sync status`` and the status bar show."""
        counts = dict(
            self.db.execute("SELECT state, count(*) FROM sync_batches GROUP BY state").fetchall()
        )
        last_error = self.sync_get(LAST_ERROR)
        skew = self.sync_get(CLOCK_SKEW)
        rejected = self.db.execute(  # an index lookup, not a scan of every request
            "SELECT count(*) FROM requests WHERE sync_state = 'rejected'"
        ).fetchone()[0]
        returned = self.db.execute(
            "SELECT count(*) FROM requests WHERE review_state IN ('returned', 'rejected')"
        ).fetchone()[0]
        registration = self.registration()
        return {
            "registered": registration is not None,
            "server_url": self.sync_get(SERVER_URL),
            "device_id": self.sync_get(DEVICE_ID),
            "officer_username": self.sync_get(OFFICER_USERNAME),
            "pending_changes": self.pending_changes(),  # type: ignore[attr-defined]
            "unsealed_changes": self.unsealed_changes(),
            "sealed_batches": counts.get("sealed", 0),
            "acked_batches": counts.get("acked", 0),
            "void_batches": counts.get("void", 0),
            "rejected_records": rejected,
            "returned_records": returned,
            "last_success_at": self.sync_get(LAST_SUCCESS_AT),
            "last_attempt_at": self.sync_get(LAST_ATTEMPT_AT),
            "last_error": json.loads(last_error) if last_error else None,
            "clock_skew_seconds": float(skew) if skew is not None else None,
            "pull_cursor": self.pull_cursor(),
        }


def _reject_text(item: dict) -> str:
    """The server's message plus the field issues, without the record's values."""
    message = item.get("message") or ""
    issues = item.get("issues") or []
    if issues:
        details = "; ".join(f"{i.get('field')}: {i.get('message')}" for i in issues)
        message = f"{message} ({details})" if message else details
    return message
