"""Blank e-KTP card stock, kept per officer as signed movements.

receipt (+), print (-1, written by saving a printing request as "done"),
spoiled (-) and adjust (+/-, with a reason). The balance is the sum of the
movements and never goes below zero: a movement that would make it negative
raises ``StockError`` and nothing is written.
"""

from __future__ import annotations

import sqlite_utils

from app.domain.ids import new_uuid
from app.store.database import utc_now
from app.store.errors import StockError, StoreError

LOW_STOCK_SETTING = "low_stock_threshold"
DEFAULT_LOW_STOCK = 20


def _whole_positive(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise StoreError("quantity_invalid", field="quantity")
    return quantity


class StockMixin:
    db: sqlite_utils.Database

    def stock_balance(self, officer_id: int) -> int:
        row = self.db.execute(
            "SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE officer_id = ?",
            [officer_id],
        ).fetchone()
        return row[0]

    def low_stock_threshold(self) -> int:
        return int(self.get_setting(LOW_STOCK_SETTING, DEFAULT_LOW_STOCK))  # type: ignore[attr-defined]

    def stock_is_low(self, officer_id: int) -> bool:
        """True when the officer has this many cards or fewer left."""
        return self.stock_balance(officer_id) <= self.low_stock_threshold()

    def stock_movements(self, officer_id: int, limit: int = 200) -> list[dict]:
        """The officer's movements, newest first."""
        return [
            dict(r)
            for r in self.db.query(
                "SELECT * FROM stock_movements WHERE officer_id = ? ORDER BY at DESC, uuid LIMIT ?",
                [officer_id, limit],
            )
        ]

    def receive_stock(self, officer_id: int, quantity: int, note: str = "") -> dict:
        return self._add_movement(officer_id, "receipt", _whole_positive(quantity), note)

    def record_spoiled(self, officer_id: int, quantity: int, note: str = "") -> dict:
        return self._add_movement(officer_id, "spoiled", -_whole_positive(quantity), note)

    def adjust_stock(self, officer_id: int, delta: int, note: str) -> dict:
        """Correct the balance after a count; ``note`` must say why."""
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
            raise StoreError("adjust_invalid", field="quantity")
        if not (note or "").strip():
            raise StoreError("adjust_invalid", field="note")
        return self._add_movement(officer_id, "adjust", delta, note)

    def _consume_card(self, officer_id: int, visit_uuid: str, request_uuid: str, at: str) -> None:
        """One card for a printed request, at most once per request."""
        already = self.db.execute(
            "SELECT 1 FROM stock_movements WHERE request_uuid = ? AND kind = 'print'",
            [request_uuid],
        ).fetchone()
        if not already:
            self._add_movement(officer_id, "print", -1, "", visit_uuid, request_uuid, at)

    def _add_movement(
        self,
        officer_id: int,
        kind: str,
        quantity: int,
        note: str,
        visit_uuid: str | None = None,
        request_uuid: str | None = None,
        at: str | None = None,
    ) -> dict:
        at = at or utc_now()
        with self.transaction():  # type: ignore[attr-defined]
            if quantity < 0:
                balance = self.stock_balance(officer_id)
                if balance + quantity < 0:
                    if kind == "print" or balance == 0:
                        raise StockError("stock_empty", field="quantity")
                    raise StockError(
                        "stock_not_enough", field="quantity", balance=balance, quantity=-quantity
                    )
            if visit_uuid is None:
                visit = self.open_visit(officer_id)  # type: ignore[attr-defined]
                visit_uuid = visit["uuid"] if visit else None
            row = {
                "uuid": new_uuid(),
                "officer_id": officer_id,
                "visit_uuid": visit_uuid,
                "at": at,
                "kind": kind,
                "quantity": quantity,
                "request_uuid": request_uuid,
                "note": (note or "").strip(),
            }
            self.db.execute(
                "INSERT INTO stock_movements (uuid, officer_id, visit_uuid, at, kind, quantity,"
                " request_uuid, note) VALUES (:uuid, :officer_id, :visit_uuid, :at, :kind,"
                " :quantity, :request_uuid, :note)",
                row,
            )
            nip = self.db.execute("SELECT nip FROM officers WHERE id = ?", [officer_id]).fetchone()
            payload = {**row, "revision": 1, "officer_nip": nip[0] if nip else None}
            self._append_outbox("stock", row["uuid"], 1, "create", payload, at)  # type: ignore[attr-defined]
            self._audit(officer_id, "stock", row["uuid"], kind, f"{quantity:+d}", at)  # type: ignore[attr-defined]
        return row
