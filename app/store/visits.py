"""Visits: one outreach session by an officer at a site in a desa/kelurahan."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import sqlite_utils

from app.domain.ids import new_uuid
from app.store.database import utc_now
from app.store.errors import NotFound, StoreError

SITES = ("balai_desa", "sekolah", "rumah", "lainnya")  # rumah: house call (elderly/disabled)
AREA_TYPES = ("inland", "coastal")
IMPORT_SITE_NOTE = "Impor CSV"


def iso_date(value: date | str, field: str = "visit_date") -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise StoreError("field_required", field=field) from None


def kecamatan_of(desa_code: str) -> str:
    """``64.02.05.2001`` -> ``64.02.05``."""
    return desa_code.rsplit(".", 1)[0]


def _visit_dict(row: dict) -> dict:
    return {**row, "team_members": json.loads(row["team_members"])}


class VisitsMixin:
    db: sqlite_utils.Database

    def _visit_snapshot(self, visit: dict) -> dict:
        nip = self.db.execute(
            "SELECT nip FROM officers WHERE id = ?", [visit["officer_id"]]
        ).fetchone()
        return {**visit, "officer_nip": nip[0] if nip else None}

    def start_visit(
        self,
        officer_id: int,
        *,
        visit_date: date | str,
        kecamatan_code: str,
        desa_code: str,
        site: str,
        area_type: str,
        site_note: str = "",
        latitude: float | None = None,
        longitude: float | None = None,
        team_members: Iterable[str] = (),
        started_at: str | None = None,
        ended_at: str | None = None,
    ) -> dict:
        day = iso_date(visit_date)
        if not desa_code:
            raise StoreError("field_required", field="desa_code")
        if not kecamatan_code:
            raise StoreError("field_required", field="kecamatan_code")
        if kecamatan_of(desa_code) != kecamatan_code:
            raise StoreError(
                "desa_outside_kecamatan",
                field="desa_code",
                desa_code=desa_code,
                kecamatan_code=kecamatan_code,
            )
        if site not in SITES:
            raise StoreError("choice_invalid", field="site", choices=", ".join(SITES))
        if area_type not in AREA_TYPES:
            raise StoreError("choice_invalid", field="area_type", choices=", ".join(AREA_TYPES))
        for field, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
            if value is not None and not (-limit <= float(value) <= limit):
                raise StoreError("coordinate_invalid", field=field)
        officer = self.get_officer(officer_id)  # type: ignore[attr-defined]
        if officer is None:
            raise NotFound("officer")
        if officer["kecamatan_code"] and officer["kecamatan_code"] != kecamatan_code:
            # The server only accepts an officer's records from their own kecamatan.
            raise StoreError(
                "visit_outside_officer_kecamatan",
                field="kecamatan_code",
                kecamatan_code=kecamatan_code,
                officer_kecamatan=officer["kecamatan_code"],
            )
        now = utc_now()
        row = {
            "uuid": new_uuid(),
            "officer_id": officer_id,
            "visit_date": day,
            "kecamatan_code": kecamatan_code,
            "desa_code": desa_code,
            "site": site,
            "site_note": site_note.strip(),
            "area_type": area_type,
            "latitude": None if latitude is None else float(latitude),
            "longitude": None if longitude is None else float(longitude),
            "team_members": json.dumps([m.strip() for m in team_members if m.strip()]),
            "started_at": started_at or now,
            "ended_at": ended_at,
            "revision": 1,
            "created_at": now,
            "updated_at": now,
        }
        with self.transaction():  # type: ignore[attr-defined]
            self.db["visits"].insert(row)
            visit = _visit_dict(row)
            self._append_outbox("visit", row["uuid"], 1, "create", self._visit_snapshot(visit), now)  # type: ignore[attr-defined]
            self._audit(
                officer_id, "visit", row["uuid"], "created", f"{day} {desa_code} {site}", now
            )  # type: ignore[attr-defined]
        return visit

    def end_visit(self, visit_uuid: str, officer_id: int) -> dict:
        now = utc_now()
        with self.transaction():  # type: ignore[attr-defined]
            visit = self.get_visit(visit_uuid)
            if visit is None:
                raise NotFound("visit")
            if visit["ended_at"] is not None:
                return visit
            revision = visit["revision"] + 1
            self.db.execute(
                "UPDATE visits SET ended_at = ?, revision = ?, updated_at = ? WHERE uuid = ?",
                [now, revision, now, visit_uuid],
            )
            visit = self.get_visit(visit_uuid)
            self._append_outbox(
                "visit", visit_uuid, revision, "update", self._visit_snapshot(visit), now
            )  # type: ignore[attr-defined]
            self._audit(officer_id, "visit", visit_uuid, "ended", f"revision {revision}", now)  # type: ignore[attr-defined]
        return visit

    def get_visit(self, uuid: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM visits WHERE uuid = ?", [uuid]))
        return _visit_dict(rows[0]) if rows else None

    def open_visit(self, officer_id: int) -> dict | None:
        """The officer's most recently started visit that has not ended."""
        rows = list(
            self.db.query(
                "SELECT * FROM visits WHERE officer_id = ? AND ended_at IS NULL"
                " ORDER BY started_at DESC LIMIT 1",
                [officer_id],
            )
        )
        return _visit_dict(rows[0]) if rows else None

    def visits(self, officer_id: int | None = None, limit: int = 100) -> list[dict]:
        """Most recent visits first."""
        sql, params = "SELECT * FROM visits", []
        if officer_id is not None:
            sql += " WHERE officer_id = ?"
            params.append(officer_id)
        sql += " ORDER BY visit_date DESC, started_at DESC LIMIT ?"
        return [_visit_dict(r) for r in self.db.query(sql, [*params, limit])]

    def find_or_start_visit(self, officer_id: int, visit_date: date | str, desa_code: str) -> dict:
        """The officer's visit for that day and desa, created (already ended) if missing.

        Used by the CSV importer: rows are grouped into one visit per
        visit_date + desa; the kecamatan comes from the desa code and the area
        type from the region data.
        """
        from app.domain.regions import regions

        day = iso_date(visit_date)
        with self.transaction():  # type: ignore[attr-defined]
            rows = list(
                self.db.query(
                    "SELECT * FROM visits WHERE visit_date = ? AND desa_code = ? AND officer_id = ?"
                    " ORDER BY started_at LIMIT 1",
                    [day, desa_code, officer_id],
                )
            )
            if rows:
                return _visit_dict(rows[0])
            now = utc_now()
            return self.start_visit(
                officer_id,
                visit_date=day,
                kecamatan_code=kecamatan_of(desa_code),
                desa_code=desa_code,
                site="lainnya",
                area_type=regions().default_area(desa_code),
                site_note=IMPORT_SITE_NOTE,
                started_at=now,
                ended_at=now,
            )
