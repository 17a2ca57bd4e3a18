"""Creating many requests of one visit at once (CSV import, benchmarks).

``save_requests_bulk`` writes exactly what ``save_request`` would write for each
new request (request row, history row, outbox entry, audit line and, for a
printing saved as "done", its blank card with the card's own outbox entry and
audit line, in the same order), but in one transaction with one ``executemany``
per table, and without reading each row back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlite_utils

from app.domain.ids import new_uuid
from app.domain.record import RequestInput, RequestInvalid, validate_request
from app.store.database import utc_now
from app.store.errors import NotFound, StockError, StoreError
from app.store.outbox import dumps
from app.store.requests import (
    PRINT_SERVICES,
    _changes,
    _columns_from_input,
    _request_dict,
    snapshot_of,
)

_OUTBOX_SQL = (
    "INSERT INTO outbox (entity, entity_uuid, revision, op, payload, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_AUDIT_SQL = (
    "INSERT INTO audit (at, officer_id, entity, entity_uuid, action, detail)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_HISTORY_SQL = (
    "INSERT INTO request_history (uuid, revision, officer_id, at, action, changes)"
    " VALUES (?, 1, ?, ?, 'created', NULL)"
)
_MOVEMENT_SQL = (
    "INSERT INTO stock_movements (uuid, officer_id, visit_uuid, at, kind, quantity,"
    " request_uuid, note) VALUES (:uuid, :officer_id, :visit_uuid, :at, :kind, :quantity,"
    " :request_uuid, :note)"
)


class BulkMixin:
    db: sqlite_utils.Database

    def save_requests_bulk(
        self,
        officer_id: int,
        visit_uuid: str,
        inputs: Iterable[RequestInput],
        *,
        today: date | None = None,
    ) -> list[dict]:
        """Create one new request per input in visit ``visit_uuid``; all or nothing.

        Every input is validated like ``save_request``: the first that fails raises
        ``RequestInvalid`` (its position in a note) before anything is written. A
        printing saved as "done" takes one blank card; when the balance cannot cover
        them all, ``StockError`` is raised and nothing is written. Returns the stored
        rows, in input order.
        """
        inputs = list(inputs)
        for position, data in enumerate(inputs):
            validation = validate_request(data, today=today)
            if not validation.ok:
                err = RequestInvalid(validation)
                err.add_note(f"bulk input {position}")
                raise err
        if not inputs:
            return []
        if not visit_uuid:
            raise StoreError("visit_required", field="visit_uuid")
        with self.transaction():  # type: ignore[attr-defined]
            visit = self.get_visit(visit_uuid)  # type: ignore[attr-defined]
            if visit is None:
                raise NotFound("visit")
            records = self._insert_bulk_rows(officer_id, visit, inputs)
            self._record_bulk_revisions(officer_id, visit_uuid, records)
        return records

    def _insert_bulk_rows(self, officer_id: int, visit: dict, inputs: list) -> list[dict]:
        first_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM requests").fetchone()[0]
        rows = []
        for offset, data in enumerate(inputs):
            now = utc_now()
            row = {
                **_columns_from_input(data, visit),
                "visit_uuid": visit["uuid"],
                "id": first_id + offset,
                "uuid": new_uuid(),
                "officer_id": officer_id,
                "cancel_reason": None,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "sync_state": "pending",
            }
            rows.append(row)
        names = ", ".join(rows[0])
        marks = ", ".join("?" for _ in rows[0])
        self.db.conn.executemany(
            f"INSERT INTO requests ({names}) VALUES ({marks})", [list(r.values()) for r in rows]
        )
        stored = self.db.query(
            "SELECT * FROM requests WHERE id BETWEEN ? AND ? ORDER BY id",
            [first_id, first_id + len(rows) - 1],
        )
        return [_request_dict(r) for r in stored]

    def _record_bulk_revisions(self, officer_id: int, visit_uuid: str, records: list) -> None:
        found = self.db.execute("SELECT nip FROM officers WHERE id = ?", [officer_id]).fetchone()
        nip = found[0] if found else None
        history, outbox, audit, movements = [], [], [], []
        for record in records:
            uuid, now = record["uuid"], record["created_at"]
            snapshot = snapshot_of(record, nip)
            changes = _changes(None, snapshot)
            history.append([uuid, officer_id, now])
            outbox.append(["request", uuid, 1, "create", dumps(snapshot), now])
            detail = f"revision 1: {', '.join(sorted(changes))}"
            audit.append([now, officer_id, "request", uuid, "created", detail])
            if record["status"] == "done" and record["service"] in PRINT_SERVICES:
                card = {
                    "uuid": new_uuid(),
                    "officer_id": officer_id,
                    "visit_uuid": visit_uuid,
                    "at": now,
                    "kind": "print",
                    "quantity": -1,
                    "request_uuid": uuid,
                    "note": "",
                }
                movements.append(card)
                payload = {**card, "revision": 1, "officer_nip": nip}
                outbox.append(["stock", card["uuid"], 1, "create", dumps(payload), now])
                audit.append([now, officer_id, "stock", card["uuid"], "print", "-1"])
        if movements and self.stock_balance(officer_id) < len(movements):  # type: ignore[attr-defined]
            raise StockError("stock_empty", field="quantity")
        conn = self.db.conn
        conn.executemany(_HISTORY_SQL, history)
        conn.executemany(_MOVEMENT_SQL, movements)
        conn.executemany(_OUTBOX_SQL, outbox)
        conn.executemany(_AUDIT_SQL, audit)
