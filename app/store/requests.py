"""Service requests: save (create or edit), cancel, read, and their history.

Requests are never deleted. Every save or cancel that changes something is a
new revision (starting at 1) and writes, in one transaction: the request row,
one ``request_history`` row (who, when, field-level changes), one outbox entry
carrying the full snapshot, an audit line and, when a printing request becomes
"done", the blank card it consumed.

The snapshot is stored once, in the outbox entry (outbox rows are never deleted);
``request_history`` reads it from there. A creation's changes (every non-empty
field, from None) follow from its snapshot, so they are not stored either.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import sqlite_utils

from app.domain.ids import new_uuid
from app.domain.nik import normalize_number
from app.domain.record import (
    RequestInput,
    RequestInvalid,
    request_from_dict,
    validate_request,
)
from app.store.database import utc_now
from app.store.errors import NotFound, StoreError
from app.store.officers import officer_clause
from app.store.outbox import dumps

INPUT_FIELDS = tuple(f.name for f in dataclasses.fields(RequestInput))
PRINT_SERVICES = ("ktp_printing", "ktp_replacement")  # each "done" uses one blank card
# Snapshot keys that change on every revision and are not "changes" of their own.
_BOOKKEEPING = ("revision", "updated_at")


def _iso(value: date | str | None) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _request_dict(row: dict) -> dict:
    return {**row, "has_ektp": bool(row["has_ektp"])}


def record_to_input(record: dict) -> RequestInput:
    """The editable fields of a stored request, e.g. to refill the form."""
    return request_from_dict({k: record[k] for k in INPUT_FIELDS})


def _columns_from_input(data: RequestInput, visit: dict) -> dict:
    values = {name: getattr(data, name) for name in INPUT_FIELDS}
    values["nik"] = normalize_number(data.nik or "")
    values["kk"] = normalize_number(data.kk or "")
    values["name"] = " ".join((data.name or "").split())
    values["birth_date"] = _iso(data.birth_date)
    values["visit_date"] = _iso(data.visit_date) or visit["visit_date"]
    values["has_ektp"] = int(bool(data.has_ektp))
    for text_field in ("address", "rt", "rw", "phone", "notes", "mismatch_reason"):
        values[text_field] = (values[text_field] or "").strip()
    if values["status"] != "pending":
        values["pending_reason"] = None
    return values


def input_dict(record: dict) -> dict:
    """``request_to_dict(record_to_input(record))`` for a stored row, without the round
    trip through ``RequestInput`` (a stored row is already normalised and valid)."""
    out = {name: record[name] for name in INPUT_FIELDS}
    out["has_ektp"] = bool(out["has_ektp"])
    out["birth_date"] = out["birth_date"] or None
    out["visit_date"] = out["visit_date"] or None
    return out


def snapshot_of(record: dict, officer_nip: str | None) -> dict:
    """The record as sent to the server (see ``RequestsMixin.request_snapshot``)."""
    snapshot = input_dict(record)
    snapshot.update(
        uuid=record["uuid"],
        revision=record["revision"],
        visit_uuid=record["visit_uuid"],
        officer_id=record["officer_id"],
        officer_nip=officer_nip,
        status=record["status"],
        pending_reason=record["pending_reason"],
        cancel_reason=record["cancel_reason"],
        created_at=record["created_at"],
        updated_at=record["updated_at"],
    )
    return snapshot


def _changes(old: dict | None, new: dict) -> dict:
    keys = [k for k in new if k not in _BOOKKEEPING]
    if old is None:
        return {k: [None, new[k]] for k in keys if new[k] not in (None, "", False)}
    return {k: [old.get(k), new[k]] for k in keys if old.get(k) != new[k]}


class RequestsMixin:
    db: sqlite_utils.Database

    # -- reading -------------------------------------------------------------

    def get_request(self, uuid: str, visible_to: int | None = None) -> dict | None:
        """The request, or None; also None when officer ``visible_to`` may not see it
        (another team's work, see ``Store.visible_officer_ids``)."""
        rows = list(self.db.query("SELECT * FROM requests WHERE uuid = ?", [uuid]))
        if not rows:
            return None
        if visible_to is not None and not self._may_see(visible_to, rows[0]["officer_id"]):
            return None
        return _request_dict(rows[0])

    def _may_see(self, viewer_id: int, officer_id: int) -> bool:
        return officer_id in self.visible_officer_ids(viewer_id)  # type: ignore[attr-defined]

    def request_history(self, uuid: str, visible_to: int | None = None) -> list[dict]:
        """The revisions, oldest first; none when officer ``visible_to`` may not see it."""
        if visible_to is not None and self.get_request(uuid, visible_to) is None:
            return []
        rows = self.db.query(
            "SELECT h.*, o.payload FROM request_history AS h LEFT JOIN outbox AS o"
            " ON o.entity = 'request' AND o.entity_uuid = h.uuid AND o.revision = h.revision"
            " WHERE h.uuid = ? ORDER BY h.revision",
            [uuid],
        )
        history = []
        for row in rows:
            payload = row.pop("payload")
            snapshot = json.loads(row["snapshot"] if row["snapshot"] is not None else payload)
            changes = row["changes"]
            changes = _changes(None, snapshot) if changes is None else json.loads(changes)
            history.append({**row, "changes": changes, "snapshot": snapshot})
        return history

    def find_by_nik(self, nik: str, visible_to: int | None = None) -> list[dict]:
        """Every request for that NIK (exact, after normalising), newest first; only
        those officer ``visible_to`` may see when given."""
        sql, params = "SELECT * FROM requests WHERE nik = ?", [normalize_number(nik or "")]
        if visible_to is not None:
            ids = self.visible_officer_ids(visible_to)  # type: ignore[attr-defined]
            clause, values = officer_clause(ids, "+officer_id")  # the NIK index leads
            sql += f" AND {clause}"
            params.extend(values)
        rows = self.db.query(f"{sql} ORDER BY created_at DESC, uuid DESC", params)
        return [_request_dict(r) for r in rows]

    def request_snapshot(self, record: dict) -> dict:
        """The record as sent to the server: ``request_to_dict`` plus its metadata."""
        nip = self.db.execute(
            "SELECT nip FROM officers WHERE id = ?", [record["officer_id"]]
        ).fetchone()
        return snapshot_of(record, nip[0] if nip else None)

    # -- writing -------------------------------------------------------------

    def save_request(
        self,
        officer_id: int,
        visit_uuid: str | None,
        data: RequestInput,
        uuid: str | None = None,
        today: date | None = None,
    ) -> dict:
        """Create (``uuid`` unknown or None) or edit a request; returns the stored row.

        Raises ``RequestInvalid`` when validation fails, ``StockError`` when a
        printing request is completed with no blank card left, and ``NotFound`` when
        ``uuid`` is a request the officer may not see (another team's); nothing is
        written in any case. Saving unchanged data writes nothing and returns the
        current row.
        """
        validation = validate_request(data, today=today)
        if not validation.ok:
            raise RequestInvalid(validation)
        with self.transaction():  # type: ignore[attr-defined]
            old = self.get_request(uuid) if uuid else None
            if old is not None and not self._may_see(officer_id, old["officer_id"]):
                raise NotFound("request")
            if old is not None and old["status"] == "cancelled":
                raise StoreError("request_cancelled")
            visit_uuid = visit_uuid or (old["visit_uuid"] if old else None)
            if not visit_uuid:
                raise StoreError("visit_required", field="visit_uuid")
            visit = self.get_visit(visit_uuid)  # type: ignore[attr-defined]
            if visit is None:
                raise NotFound("visit")
            values = _columns_from_input(data, visit)
            values["visit_uuid"] = visit_uuid
            if old is None:
                return self._insert_request(officer_id, uuid or new_uuid(), values)
            return self._update_request(officer_id, old, values, "updated")

    def cancel_request(self, officer_id: int, uuid: str, reason: str) -> dict:
        reason = (reason or "").strip()
        if not reason:
            raise StoreError("cancel_reason_required", field="cancel_reason")
        with self.transaction():  # type: ignore[attr-defined]
            old = self.get_request(uuid, visible_to=officer_id)
            if old is None:
                raise NotFound("request")
            if old["status"] == "cancelled":
                raise StoreError("request_cancelled")
            values = {"status": "cancelled", "pending_reason": None, "cancel_reason": reason}
            return self._update_request(officer_id, old, values, "cancelled")

    def _insert_request(self, officer_id: int, uuid: str, values: dict) -> dict:
        now = utc_now()
        row = {
            **values,
            "uuid": uuid,
            "officer_id": officer_id,
            "cancel_reason": None,
            "revision": 1,
            "created_at": now,
            "updated_at": now,
            "sync_state": "pending",
        }
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.db.execute(f"INSERT INTO requests ({names}) VALUES ({marks})", list(row.values()))
        record = self.get_request(uuid)
        self._record_revision(officer_id, None, record, "created", "create", now)
        return record

    def _update_request(self, officer_id: int, old: dict, values: dict, action: str) -> dict:
        changed = {k: v for k, v in values.items() if old[k] != v}  # True == 1 for has_ektp
        if not changed:
            return old
        now = utc_now()
        changed.update(
            revision=old["revision"] + 1,
            updated_at=now,
            sync_state="pending",
            reject_code=None,
            reject_message=None,
        )
        assignments = ", ".join(f"{k} = ?" for k in changed)
        self.db.execute(
            f"UPDATE requests SET {assignments} WHERE uuid = ?", [*changed.values(), old["uuid"]]
        )
        record = self.get_request(old["uuid"])
        op = "cancel" if action == "cancelled" else "update"
        self._record_revision(officer_id, old, record, action, op, now)
        return record

    def _record_revision(
        self, officer_id: int, old: dict | None, record: dict, action: str, op: str, now: str
    ) -> None:
        snapshot = self.request_snapshot(record)
        old_snapshot = self.request_snapshot(old) if old is not None else None
        changes = _changes(old_snapshot, snapshot)
        uuid, revision = record["uuid"], record["revision"]
        # The snapshot is kept in the outbox entry; a creation's changes follow from it.
        stored_changes = None if old is None else dumps(changes)
        self.db.execute(
            "INSERT INTO request_history (uuid, revision, officer_id, at, action, changes)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [uuid, revision, officer_id, now, action, stored_changes],
        )
        self._append_outbox("request", uuid, revision, op, snapshot, now)  # type: ignore[attr-defined]
        # Field names only: the audit trail never carries a NIK or a name.
        detail = f"revision {revision}: {', '.join(sorted(changes))}"
        self._audit(officer_id, "request", uuid, action, detail, now)  # type: ignore[attr-defined]
        became_done = record["status"] == "done" and (old is None or old["status"] != "done")
        if became_done and record["service"] in PRINT_SERVICES:
            self._consume_card(officer_id, record["visit_uuid"], uuid, now)  # type: ignore[attr-defined]
