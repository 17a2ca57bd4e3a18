"""Finding requests at scale: filters, counts, pages and daily summaries.

Every filter maps to an indexed column (see migration m003_request_search);
names are found through the FTS5 index ``requests_fts`` by token prefix, so
"rah" finds "Abdul Rahman". Pages are ordered newest first by
``created_at DESC, uuid DESC``, which the composite indexes serve directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from app.domain.nik import normalize_number
from app.store.requests import _request_dict

ORDER = "ORDER BY created_at DESC, uuid DESC"
# A name prefix matching more rows than this is paged by walking the created_at index
# and checking each row against the match list (fast for common prefixes such as "s");
# rarer prefixes fetch their matches and sort them (fast when the list is short).
BROAD_MATCH = 2000


@dataclass
class RequestFilter:
    nik: str | None = None
    name_prefix: str | None = None
    desa_code: str | None = None
    service: str | None = None
    status: str | None = None
    visit_date: date | str | None = None
    visit_uuid: str | None = None
    officer_id: int | None = None
    only_rejected: bool = False  # rejected by the server or by a supervisor
    only_returned: bool = False  # returned by a supervisor for correction


def fts_prefix_query(text: str) -> str | None:
    """``"abdul rah"`` -> ``'"abdul"* "rah"*'`` (every word, as a prefix); None if no words."""
    words = re.findall(r"\w+", text.casefold())
    return " ".join(f'"{w}"*' for w in words) or None


def _is_name_only(f: RequestFilter) -> bool:
    return f == RequestFilter(name_prefix=f.name_prefix)


def where_clause(f: RequestFilter) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if f.nik:
        clauses.append("nik = ?")
        params.append(normalize_number(f.nik))
    if f.name_prefix:
        query = fts_prefix_query(f.name_prefix)
        if query:
            clauses.append("id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)")
            params.append(query)
    for column in ("desa_code", "service", "status", "visit_uuid", "officer_id"):
        value = getattr(f, column)
        if value is not None and value != "":
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.visit_date:
        clauses.append("visit_date = ?")
        params.append(f.visit_date.isoformat() if isinstance(f.visit_date, date) else f.visit_date)
    if f.only_rejected:
        clauses.append("(sync_state = 'rejected' OR review_state = 'rejected')")
    if f.only_returned:
        clauses.append("review_state = 'returned'")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class SearchMixin:
    db: sqlite_utils.Database

    def _name_matches(self, name_prefix: str | None) -> int | None:
        """How many requests the name prefix matches (None when it has no words)."""
        query = fts_prefix_query(name_prefix or "")
        if query is None:
            return None
        return self.db.execute(
            "SELECT count(*) FROM requests_fts WHERE requests_fts MATCH ?", [query]
        ).fetchone()[0]

    def _page_sql(self, f: RequestFilter) -> tuple[str, list]:
        where, params = where_clause(f)
        source = "requests"
        if _is_name_only(f) and (self._name_matches(f.name_prefix) or 0) > BROAD_MATCH:
            source = "requests INDEXED BY requests_created"
        return f"SELECT * FROM {source}{where} {ORDER}", params

    def count_requests(self, f: RequestFilter | None = None) -> int:
        f = f or RequestFilter()
        if f.name_prefix and _is_name_only(f):
            matches = self._name_matches(f.name_prefix)
            if matches is not None:
                return matches  # the FTS index has exactly one row per request
        where, params = where_clause(f)
        return self.db.execute(f"SELECT count(*) FROM requests{where}", params).fetchone()[0]

    def page_requests(self, f: RequestFilter | None, offset: int, limit: int) -> list[dict]:
        sql, params = self._page_sql(f or RequestFilter())
        rows = self.db.query(f"{sql} LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        return [_request_dict(r) for r in rows]

    def explain_page(self, f: RequestFilter | None = None) -> list[str]:
        """SQLite's query plan for a page (for bench scripts and tests)."""
        sql, params = self._page_sql(f or RequestFilter())
        rows = self.db.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 50", params).fetchall()
        return [row[3] for row in rows]

    def daily_summary(self, day: date | str, visit_uuid: str | None = None) -> list[dict]:
        """Requests of one visit day grouped as ``{service, status, count}``."""
        sql = "SELECT service, status, count(*) AS count FROM requests WHERE visit_date = ?"
        params: list = [day.isoformat() if isinstance(day, date) else day]
        if visit_uuid is not None:
            sql += " AND visit_uuid = ?"
            params.append(visit_uuid)
        sql += " GROUP BY service, status ORDER BY service, status"
        return [dict(r) for r in self.db.query(sql, params)]
