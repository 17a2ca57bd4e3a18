"""The outbox (what the sync client sends) and the audit trail.

Every change to a visit, request or stock movement appends one outbox row in
the same transaction as the change itself. The outbox id is the sync cursor:
AUTOINCREMENT, so ids only grow and are never reused; no clock is involved.

Outbox rows are kept, acknowledged or not: a request revision's outbox payload is
also its snapshot in ``request_history`` (stored once, see ``app.store.requests``).
Only the retention purge (``app.store.retention``) deletes some: the acknowledged
entries of a request it purges, together with the request and its history. Counting pending rows (``id > ?``) is served by the
narrow ``outbox_cursor`` index rather than by the payload-carrying rows.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

ACKED_SETTING = "outbox_acked_through"


def dumps(value: Any) -> str:
    """Canonical JSON for stored payloads, history and snapshots."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class OutboxMixin:
    db: sqlite_utils.Database

    def _append_outbox(
        self, entity: str, entity_uuid: str, revision: int, op: str, payload: dict, at: str
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO outbox (entity, entity_uuid, revision, op, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [entity, entity_uuid, revision, op, dumps(payload), at],
        )
        return cursor.lastrowid

    def _audit(
        self,
        officer_id: int | None,
        entity: str,
        entity_uuid: str | None,
        action: str,
        detail: str,
        at: str,
    ) -> None:
        """Record who changed what. ``detail`` must never carry a NIK or KK."""
        self.db.execute(
            "INSERT INTO audit (at, officer_id, entity, entity_uuid, action, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [at, officer_id, entity, entity_uuid, action, detail],
        )

    def audit_entries(self, entity: str | None = None, entity_uuid: str | None = None) -> list:
        where, params = [], []
        if entity is not None:
            where.append("entity = ?")
            params.append(entity)
        if entity_uuid is not None:
            where.append("entity_uuid = ?")
            params.append(entity_uuid)
        sql = "SELECT * FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [dict(r) for r in self.db.query(sql + " ORDER BY id", params)]

    def outbox_acked_through(self) -> int:
        """Highest outbox id the server has acknowledged (0 when none)."""
        return int(self.get_setting(ACKED_SETTING, 0))  # type: ignore[attr-defined]

    def pending_changes(self) -> int:
        """Outbox entries not yet covered by an acknowledged batch."""
        row = self.db.execute(
            "SELECT count(*) FROM outbox WHERE id > ?", [self.outbox_acked_through()]
        ).fetchone()
        return row[0]

    def outbox_entries(self, after_id: int = 0, limit: int = 500) -> list[dict]:
        """Outbox rows with id > ``after_id`` in id order; ``payload`` decoded."""
        rows = self.db.query(
            "SELECT * FROM outbox WHERE id > ? ORDER BY id LIMIT ?", [after_id, limit]
        )
        return [{**row, "payload": json.loads(row["payload"])} for row in rows]

    def last_outbox_id(self) -> int:
        row = self.db.execute("SELECT max(id) FROM outbox").fetchone()
        return row[0] or 0
