"""Target lists on the laptop: residents still to be served, pulled from the server.

An admin imports per desa the residents still to be served (for example those with no
e-KTP recording); the sync client pulls the list of the officer's kecamatan page by page
(``GET /api/v1/targets``, cursor ``targets.seq``) into the ``targets`` table (migration
``syncstate.s002_targets``). A resident the server removes from the list is deleted here.

A target is *left* (still to serve) while this laptop has no request for its NIK and
service that is not cancelled; the form's "pick from the target list" fills a request
from a target, and saving it makes the resident *served*. Counting is index-driven:
``targets_desa`` walks the desa, ``requests_nik`` answers each "served?" lookup.

Rows are personal data: nothing here logs a NIK or a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from app.domain.nik import normalize_number
from app.store.database import utc_now, write_transaction

# Keys of sync_kv.
TARGETS_CURSOR = "targets_cursor"
TARGETS_SOURCE = "targets_source"  # "<server url> <officer username>" the list came from

TARGET_COLUMNS = (
    "nik",
    "service",
    "kk",
    "name",
    "birth_date",
    "sex",
    "desa_code",
    "kecamatan_code",
    "address",
    "rt",
    "rw",
    "note",
    "seq",
    "updated_at",
)

# 1 when the laptop holds a request for the target's NIK and service that is not cancelled.
SERVED_SQL = (
    "EXISTS (SELECT 1 FROM requests AS r WHERE r.nik = t.nik AND r.service = t.service"
    " AND r.status != 'cancelled')"
)
_SELECT = "SELECT " + ", ".join(f"t.{c}" for c in TARGET_COLUMNS) + f", {SERVED_SQL} AS served"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_clause(text: str | None) -> tuple[str, list[Any]]:
    """SQL (with a leading " AND ") for the picker's filter text, and its parameters.

    Digits (spaces, dots and dashes ignored) match the start of the NIK; words each match
    the start of a word of the name, case-insensitively ("rah sit" finds "Siti Rahma").
    """
    text = (text or "").strip()
    if not text:
        return "", []
    digits = normalize_number(text)
    if digits.isdigit():
        return " AND t.nik LIKE ? ESCAPE '\\'", [_like_escape(digits) + "%"]
    words = text.split()
    sql = "".join(" AND (' ' || t.name) LIKE ? ESCAPE '\\'" for _ in words)
    return sql, [f"% {_like_escape(word)}%" for word in words]


def _row(row: dict) -> dict:
    out = dict(row)
    out["served"] = bool(out.get("served"))
    return out


class TargetsMixin:
    """Target-list methods of ``app.store.Store`` (all SQL for the ``targets`` table)."""

    db: sqlite_utils.Database

    # ------------------------------------------------------------------ pulling
    def targets_cursor(self) -> int:
        """The last target-feed ``seq`` applied (0: pull from the start)."""
        row = self.db.execute("SELECT value FROM sync_kv WHERE key = ?", [TARGETS_CURSOR])
        value = row.fetchone()
        return int(value[0]) if value and value[0] is not None else 0

    def begin_targets_pull(self, source: str) -> int:
        """The cursor to pull from for ``source`` (server URL and officer account).

        A list pulled from another server or for another officer is dropped first (it
        belongs to another kecamatan or another register), so the pull starts at 0.
        """
        with write_transaction(self.db):
            row = self.db.execute("SELECT value FROM sync_kv WHERE key = ?", [TARGETS_SOURCE])
            current = row.fetchone()
            if current is None or current[0] != source:
                self.db.execute("DELETE FROM targets")
                self._targets_kv_put(TARGETS_CURSOR, "0")
                self._targets_kv_put(TARGETS_SOURCE, source)
        return self.targets_cursor()

    def apply_targets(self, items: Iterable[dict], next_cursor: int) -> dict:
        """Apply one pulled page (``Target`` dicts) and advance the cursor, in one transaction.

        A target is inserted or updated (an older ``seq`` never overwrites a newer one);
        one with ``removed`` true is deleted. Returns ``{"stored": n, "removed": n}``.
        """
        stored = removed = 0
        now = utc_now()
        with write_transaction(self.db):
            for item in items:
                nik = normalize_number(item.get("nik") or "")
                service = item.get("service") or "ktp_recording"
                if item.get("removed"):
                    cursor = self.db.execute(
                        "DELETE FROM targets WHERE nik = ? AND service = ? AND seq <= ?",
                        [nik, service, int(item.get("seq") or 0)],
                    )
                    removed += cursor.rowcount
                    continue
                values = {
                    "nik": nik,
                    "service": service,
                    "kk": normalize_number(item.get("kk") or ""),
                    "name": (item.get("name") or "").strip(),
                    "birth_date": item.get("birth_date") or None,
                    "sex": item.get("sex") or None,
                    "desa_code": item.get("desa_code") or "",
                    "kecamatan_code": item.get("kecamatan_code") or "",
                    "address": item.get("address") or "",
                    "rt": item.get("rt") or "",
                    "rw": item.get("rw") or "",
                    "note": item.get("note") or "",
                    "seq": int(item.get("seq") or 0),
                    "updated_at": item.get("updated_at") or "",
                    "pulled_at": now,
                }
                names = list(values)
                updates = ", ".join(
                    f"{n} = excluded.{n}" for n in names if n not in ("nik", "service")
                )
                cursor = self.db.execute(
                    f"INSERT INTO targets ({', '.join(names)})"
                    f" VALUES ({', '.join('?' for _ in names)})"
                    f" ON CONFLICT (nik, service) DO UPDATE SET {updates}"
                    " WHERE excluded.seq >= targets.seq",
                    list(values.values()),
                )
                stored += cursor.rowcount
            self._targets_kv_put(TARGETS_CURSOR, str(max(int(next_cursor), self.targets_cursor())))
        return {"stored": stored, "removed": removed}

    def _targets_kv_put(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO sync_kv (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # ------------------------------------------------------------------ reading
    def targets_for_desa(
        self,
        desa_code: str,
        *,
        only_left: bool = True,
        name_prefix: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[dict]:
        """Targets of a desa by name (then NIK), each with ``served`` (bool).

        ``only_left``: only those not served yet. ``name_prefix``: word prefixes of the
        name, or the first digits of the NIK.
        """
        clause, params = self._desa_clause(desa_code, only_left, name_prefix)
        rows = self.db.query(
            f"{_SELECT} FROM targets AS t INDEXED BY targets_desa WHERE {clause}"
            " ORDER BY t.name COLLATE NOCASE, t.nik LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        return [_row(r) for r in rows]

    def count_targets_for_desa(
        self, desa_code: str, *, only_left: bool = True, name_prefix: str | None = None
    ) -> int:
        """How many rows ``targets_for_desa`` would give without a limit."""
        clause, params = self._desa_clause(desa_code, only_left, name_prefix)
        row = self.db.execute(
            f"SELECT count(*) FROM targets AS t INDEXED BY targets_desa WHERE {clause}", params
        ).fetchone()
        return row[0]

    @staticmethod
    def _desa_clause(
        desa_code: str, only_left: bool, name_prefix: str | None
    ) -> tuple[str, list[Any]]:
        clause = "t.desa_code = ?"
        if only_left:
            clause += f" AND NOT {SERVED_SQL}"
        search, params = _search_clause(name_prefix)
        return clause + search, [desa_code, *params]

    def target_by_nik(self, nik: str) -> dict | None:
        """The target with this NIK (its e-KTP recording entry first), or None."""
        rows = list(
            self.db.query(
                f"{_SELECT} FROM targets AS t WHERE t.nik = ?"
                " ORDER BY t.service != 'ktp_recording', t.service LIMIT 1",
                [normalize_number(nik or "")],
            )
        )
        return _row(rows[0]) if rows else None

    def target_counts(self, kecamatan_code: str | None = None) -> list[dict]:
        """Per desa ``{desa_code, total, served, left}``, by desa code.

        ``kecamatan_code`` limits the counts to that kecamatan's desa (the officer's).
        """
        where, params = "", []
        if kecamatan_code:
            where, params = " WHERE t.kecamatan_code = ?", [kecamatan_code]
        rows = self.db.execute(
            f"SELECT t.desa_code, count(*), coalesce(sum({SERVED_SQL}), 0)"
            f" FROM targets AS t{where} GROUP BY t.desa_code ORDER BY t.desa_code",
            params,
        ).fetchall()
        return [
            {"desa_code": desa, "total": total, "served": served, "left": total - served}
            for desa, total, served in rows
        ]

    def target_totals(self, kecamatan_code: str | None = None) -> dict:
        """``{total, served, left}`` summed over ``target_counts(kecamatan_code)``."""
        counts = self.target_counts(kecamatan_code)
        total = sum(c["total"] for c in counts)
        served = sum(c["served"] for c in counts)
        return {"total": total, "served": served, "left": total - served}
