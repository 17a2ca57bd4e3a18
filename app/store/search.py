"""Finding requests at scale: filters, counts, pages and daily summaries.

Every filter maps to an indexed column (see migration m003_request_search);
names are found through the FTS5 index ``requests_fts`` by token prefix, so
"rah" finds "Abdul Rahman". Pages are ordered newest first by
``created_at DESC, uuid DESC``, which the composite indexes serve directly.

A name prefix matching few rows fetches its matches and sorts them. One matching
many (a single letter such as "a" matches a third of all rows) is paged by walking
the filter's index newest first in growing chunks and asking the FTS index which
ids of each chunk match (one ``rowid BETWEEN`` query per chunk), so a page costs
about the rows it skips, never the whole match list. ``iter_requests`` streams any
filter by keyset on ``(created_at, uuid)``, without OFFSET.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from app.domain.nik import normalize_number
from app.store.requests import _request_dict

ORDER = "ORDER BY created_at DESC, uuid DESC"
KEYSET = "(created_at, uuid) < (?, ?)"  # the next rows after a page, in ORDER
# A name prefix matching more rows than this is paged by walking an index newest first
# and keeping the rows the FTS index matches (fast for common prefixes such as "s");
# rarer prefixes fetch their matches and sort them (fast when the list is short).
BROAD_MATCH = 2500
WALK_FIRST_CHUNK = 256  # index rows read by the first step of a walk (and the least)
WALK_MAX_CHUNK = 32768


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


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


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

    def _name_matches(self, name_prefix: str | None, limit: int | None = None) -> int | None:
        """How many requests the name prefix matches, counting at most ``limit``
        (None when the prefix has no words)."""
        query = fts_prefix_query(name_prefix or "")
        if query is None:
            return None
        if limit is None:
            sql, params = "SELECT count(*) FROM requests_fts WHERE requests_fts MATCH ?", [query]
        else:
            sql = (
                "SELECT count(*) FROM"
                " (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ? LIMIT ?)"
            )
            params = [query, int(limit)]
        return self.db.execute(sql, params).fetchone()[0]

    def _walks(self, f: RequestFilter) -> bool:
        """True when ``f`` has a name prefix matching more than ``BROAD_MATCH`` rows."""
        if not f.name_prefix:
            return False
        return (self._name_matches(f.name_prefix, BROAD_MATCH + 1) or 0) > BROAD_MATCH

    def _walk_sql(self, f: RequestFilter, after: bool) -> tuple[str, list]:
        """One step of a walk: ids of the rows matching ``f`` except its name, in ORDER."""
        where, params = where_clause(dataclasses.replace(f, name_prefix=None))
        # With no other filter, the created_at index holds (created_at, uuid, id): a
        # covering walk.
        source = "requests" if where else "requests INDEXED BY requests_created"
        if after:
            where = _and(where, KEYSET)
        return f"SELECT id FROM {source}{where} {ORDER} LIMIT ?", params

    def _walk_ids(self, f: RequestFilter, wanted: int | None = None) -> Iterator[list[int]]:
        """Ids of the requests matching ``f``, in page order, a chunk at a time.

        Each step reads about as many index rows as the match rate seen so far says
        the ``wanted`` matches still missing need (plus a quarter), between
        ``WALK_FIRST_CHUNK`` and ``WALK_MAX_CHUNK``; with ``wanted`` None (every
        match) each step doubles, up to ``WALK_MAX_CHUNK``.
        """
        query = fts_prefix_query(f.name_prefix or "")
        chunk, key = WALK_FIRST_CHUNK, None
        walked_total = found_total = 0
        while True:
            sql, params = self._walk_sql(f, after=key is not None)
            walked = [row[0] for row in self.db.execute(sql, [*params, *(key or ()), chunk])]
            if not walked:
                return
            ids = walked
            if query is not None:
                # ids follow created_at, so a chunk's ids are (almost) one narrow range;
                # if the clock ever went back the range is wider: slower, still exact.
                matched = {
                    row[0]
                    for row in self.db.execute(
                        "SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?"
                        " AND rowid BETWEEN ? AND ?",
                        [query, min(ids), max(ids)],
                    )
                }
                ids = [i for i in ids if i in matched]
            if ids:
                yield ids
            if len(walked) < chunk:
                return
            key = self.db.execute(
                "SELECT created_at, uuid FROM requests WHERE id = ?", [walked[-1]]
            ).fetchone()
            walked_total += len(walked)
            found_total += len(ids)
            if wanted is None:
                chunk = min(chunk * 2, WALK_MAX_CHUNK)
                continue
            missing = max(wanted - found_total, 1)
            needed = (missing * walked_total // max(found_total, 1)) * 5 // 4
            chunk = min(max(needed, WALK_FIRST_CHUNK), WALK_MAX_CHUNK)

    def _rows_by_id(self, ids: list[int]) -> list[dict]:
        """The requests with these ids, in the order given."""
        found: dict[int, dict] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" for _ in part)
            for row in self.db.query(f"SELECT * FROM requests WHERE id IN ({marks})", part):
                found[row["id"]] = row
        return [_request_dict(found[i]) for i in ids if i in found]

    def _page_sql(self, f: RequestFilter) -> tuple[str, list]:
        where, params = where_clause(f)
        return f"SELECT * FROM requests{where} {ORDER}", params

    def count_requests(self, f: RequestFilter | None = None) -> int:
        f = f or RequestFilter()
        if f.name_prefix and _is_name_only(f):
            matches = self._name_matches(f.name_prefix)
            if matches is not None:
                return matches  # the FTS index has exactly one row per request
        where, params = where_clause(f)
        return self.db.execute(f"SELECT count(*) FROM requests{where}", params).fetchone()[0]

    def page_requests(self, f: RequestFilter | None, offset: int, limit: int) -> list[dict]:
        f = f or RequestFilter()
        offset, limit = max(int(offset), 0), max(int(limit), 0)
        if self._walks(f):
            wanted, ids = offset + limit, []
            for chunk in self._walk_ids(f, wanted):
                ids.extend(chunk)
                if len(ids) >= wanted:
                    break
            return self._rows_by_id(ids[offset:wanted])
        sql, params = self._page_sql(f)
        if f.name_prefix:
            # Few matches, sorted: sort their ids, then read only the page's rows.
            sql = sql.replace("SELECT *", "SELECT id", 1)
            ids = self.db.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])
            return self._rows_by_id([row[0] for row in ids])
        rows = self.db.query(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])
        return [_request_dict(r) for r in rows]

    def iter_requests(self, f: RequestFilter | None = None, batch: int = 1000) -> Iterator[dict]:
        """Every request matching ``f`` in page order, read ``batch`` rows at a time.

        Walks by keyset on ``(created_at, uuid)`` (no OFFSET), so each batch costs the
        same at the end of 750,000 rows as at the start. For exports and reports; rows
        written while the walk runs may or may not be included.
        """
        f = f or RequestFilter()
        batch = max(int(batch), 1)
        if self._walks(f):
            pending: list[int] = []
            for ids in self._walk_ids(f):
                pending.extend(ids)
                while len(pending) >= batch:
                    yield from self._rows_by_id(pending[:batch])
                    del pending[:batch]
            yield from self._rows_by_id(pending)
            return
        where, params = where_clause(f)
        first = f"SELECT * FROM requests{where} {ORDER} LIMIT ?"
        after = f"SELECT * FROM requests{_and(where, KEYSET)} {ORDER} LIMIT ?"
        rows = [dict(r) for r in self.db.query(first, [*params, batch])]
        while rows:
            yield from (_request_dict(r) for r in rows)
            if len(rows) < batch:
                return
            key = [rows[-1]["created_at"], rows[-1]["uuid"]]
            rows = [dict(r) for r in self.db.query(after, [*params, *key, batch])]

    def explain_page(self, f: RequestFilter | None = None) -> list[str]:
        """SQLite's query plan for a page (for bench scripts and tests); for a broad
        name prefix, the plan of one step of the index walk."""
        f = f or RequestFilter()
        if self._walks(f):
            sql, params = self._walk_sql(f, after=True)
            params = [*params, "", "", WALK_FIRST_CHUNK]
        else:
            sql, params = self._page_sql(f)
            sql += " LIMIT 50"
        rows = self.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
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
