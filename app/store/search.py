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

Visibility (``RequestFilter.visible_to``, officers sharing a laptop): an officer sees
their own requests and those of the officers here on the same team
(``Store.visible_officer_ids``). Whoever sees every officer here gets the unfiltered
queries (each request's officer is one of them: a foreign key). Otherwise the name
index also holds each row's officer as an ``owner`` token (migration m006), so a name
prefix is matched among the visible rows by the FTS index alone: ``AND {owner} : (...)``
the visible officers when they hold fewer rows than the hidden ones, else ``NOT {owner}
: (...)`` the hidden ones; a broad prefix walks the visible officers' index (the smaller
side) or the whole ``created_at`` index (the larger) as before. Counts read the smaller
side too (all requests less the hidden ones'). Any other filter keeps its own index and
checks the officer per row (``+officer_id``).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from app.domain.nik import normalize_number
from app.store.officers import officer_clause
from app.store.requests import _request_dict

ORDER = "ORDER BY created_at DESC, uuid DESC"
KEYSET = "(created_at, uuid) < (?, ?)"  # the next rows after a page, in ORDER
# A name prefix matching more rows than this is paged by walking an index newest first
# and keeping the rows the FTS index matches (fast for common prefixes such as "s");
# rarer prefixes fetch their matches and sort them (fast when the list is short).
BROAD_MATCH = 2500
WALK_FIRST_CHUNK = 256  # index rows read by the first step of a walk (and the least)
WALK_MAX_CHUNK = 32768
# Officer 12's token in the name index's owner column: U+E000 then "12". A private-use
# character is a token character to the tokenizer but never in a query word (``\w``),
# and names are letters, so no name prefix ever matches or scans an owner token.
OWNER_TOKEN = "\ue000{}"
# Which side of a scope holds fewer rows is found by counting both up to this many rows,
# then 8 times more, ... until one side runs out (cheap when one side is small).
SCOPE_COUNT_STEP = 20_000
SCOPE_MEMO_SECONDS = 60.0  # how long that answer is reused (a plan choice only)


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
    # The viewing officer: only requests of officers they may see (themselves and their
    # team on this laptop, ``Store.visible_officer_ids``); None: every request.
    visible_to: int | None = None


@dataclass(frozen=True)
class Scope:
    """The officers whose requests a viewer sees, when not every officer here."""

    visible: tuple[int, ...]
    hidden: tuple[int, ...]
    small: bool  # the visible officers hold no more rows than the hidden (plans only)


def fts_prefix_query(text: str) -> str | None:
    """``"abdul rah"`` -> ``'"abdul"* "rah"*'`` (every word, as a prefix); None if no words."""
    words = re.findall(r"\w+", text.casefold())
    return " ".join(f'"{w}"*' for w in words) or None


def _owners(officer_ids: tuple[int, ...]) -> str:
    return " OR ".join(f'"{OWNER_TOKEN.format(int(i))}"' for i in officer_ids)


def fts_name_query(text: str, scope: Scope | None = None) -> str | None:
    """The FTS MATCH for a name prefix among ``scope``'s requests (None: all requests).

    ``"rah"`` -> ``'"rah"*'``; with a scope, ``'("rah"*) AND {owner} : (<A> OR <B>)'``
    (the visible officers' tokens) or ``'("rah"*) NOT {owner} : (<C>)'`` (the hidden
    ones'), whichever names fewer rows. None if the text has no words.
    """
    query = fts_prefix_query(text)
    if query is None or scope is None:
        return query
    query = f"({query})"
    if scope.small:
        return f"{query} AND {{owner}} : ({_owners(scope.visible)})"
    return f"{query} NOT {{owner}} : ({_owners(scope.hidden)})"


def _is_name_only(f: RequestFilter) -> bool:
    return f == RequestFilter(name_prefix=f.name_prefix)


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def where_clause(f: RequestFilter, scope: Scope | None = None) -> tuple[str, list]:
    """`` WHERE ...`` (or "") and its parameters: ``f`` among ``scope``'s requests.

    ``f.visible_to`` must have been resolved into ``scope`` (``SearchMixin._resolve``).
    """
    if f.visible_to is not None:
        raise ValueError("RequestFilter.visible_to is resolved by the store, not here")
    if scope is not None and not scope.visible:
        return " WHERE 0", []
    clauses: list[str] = []
    params: list = []
    if f.nik:
        clauses.append("nik = ?")
        params.append(normalize_number(f.nik))
    if f.name_prefix:
        query = fts_name_query(f.name_prefix, scope)
        if query:
            clauses.append("id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)")
            params.append(query)
            scope = None  # the name index already keeps to the visible officers
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
    if scope is not None:
        # Alone, the officers' index serves it; with another filter, that filter's
        # index leads and the officer is checked per row.
        clause, values = officer_clause(scope.visible, "+officer_id" if clauses else "officer_id")
        clauses.append(clause)
        params.extend(values)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class SearchMixin:
    db: sqlite_utils.Database

    def _resolve(self, f: RequestFilter | None) -> tuple[RequestFilter, Scope | None]:
        """``f`` without its viewer, and the viewer's ``Scope`` (None: every request)."""
        f = f or RequestFilter()
        if f.visible_to is None:
            return f, None
        visible = tuple(self.visible_officer_ids(f.visible_to))  # type: ignore[attr-defined]
        f = dataclasses.replace(f, visible_to=None)
        everyone = {row[0] for row in self.db.execute("SELECT id FROM officers")}
        hidden = tuple(sorted(everyone.difference(visible)))
        if visible and not hidden:
            return f, None  # sees every officer here, hence every request
        return f, Scope(visible, hidden, self._few_rows(visible, hidden))

    def _count_officers(self, officer_ids: tuple[int, ...], limit: int | None = None) -> int:
        """Requests of these officers, counting at most ``limit``."""
        clause, params = officer_clause(officer_ids)
        if limit is None:
            sql = f"SELECT count(*) FROM requests WHERE {clause}"
        else:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM requests WHERE {clause} LIMIT ?)"
            params.append(int(limit))
        return self.db.execute(sql, params).fetchone()[0]

    def _few_rows(self, visible: tuple[int, ...], hidden: tuple[int, ...]) -> bool:
        """True when the ``visible`` officers hold no more requests than the ``hidden``.

        Counts both sides up to ``SCOPE_COUNT_STEP`` rows, then 8 times more, until one
        runs out, so it costs about the smaller side. It only chooses between equally
        exact plans, so the answer is reused for ``SCOPE_MEMO_SECONDS``.
        """
        memo: dict = self.__dict__.setdefault("_scope_memo", {})
        now = time.monotonic()
        known = memo.get((visible, hidden))
        if known is not None and now - known[0] < SCOPE_MEMO_SECONDS:
            return known[1]
        cap = max(int(SCOPE_COUNT_STEP), 1)
        while True:
            seen = self._count_officers(visible, cap)
            unseen = self._count_officers(hidden, cap)
            if seen < cap or unseen < cap:
                break
            cap *= 8
        memo[(visible, hidden)] = (now, seen <= unseen)
        return seen <= unseen

    def _count_scope(self, scope: Scope) -> int:
        """Every request ``scope`` sees, counted on the smaller side: the visible
        officers' rows, or all requests (a narrow index) less the hidden officers'."""
        if scope.small:
            return self._count_officers(scope.visible)
        total = self.db.execute("SELECT count(*) FROM requests").fetchone()[0]
        return total - self._count_officers(scope.hidden)

    def _name_matches(
        self, name_prefix: str | None, limit: int | None = None, scope: Scope | None = None
    ) -> int | None:
        """How many requests (of ``scope``) the name prefix matches, counting at most
        ``limit`` (None when the prefix has no words)."""
        query = fts_name_query(name_prefix or "", scope)
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

    def _walks(self, f: RequestFilter, scope: Scope | None = None) -> bool:
        """True when ``f`` has a name prefix matching more than ``BROAD_MATCH`` rows
        (of ``scope``)."""
        if not f.name_prefix:
            return False
        return (self._name_matches(f.name_prefix, BROAD_MATCH + 1, scope) or 0) > BROAD_MATCH

    @staticmethod
    def _walk_scope(scope: Scope | None) -> Scope | None:
        """The scope a walk's index steps keep to: the visible officers' rows when they
        are the smaller side; else every row, the officers left to the name index."""
        return scope if scope is not None and scope.small else None

    def _walk_sql(
        self, f: RequestFilter, after: bool, scope: Scope | None = None
    ) -> tuple[str, list]:
        """One step of a walk: ids of the rows matching ``f`` except its name, in ORDER."""
        walk_f = dataclasses.replace(f, name_prefix=None)
        where, params = where_clause(walk_f, self._walk_scope(scope))
        # With no other filter, the created_at index holds (created_at, uuid, id): a
        # covering walk.
        source = "requests" if where else "requests INDEXED BY requests_created"
        if after:
            where = _and(where, KEYSET)
        return f"SELECT id FROM {source}{where} {ORDER} LIMIT ?", params

    def _walk_ids(
        self, f: RequestFilter, wanted: int | None = None, scope: Scope | None = None
    ) -> Iterator[list[int]]:
        """Ids of the requests matching ``f``, in page order, a chunk at a time.

        Each step reads about as many index rows as the match rate seen so far says
        the ``wanted`` matches still missing need (plus a quarter), between
        ``WALK_FIRST_CHUNK`` and ``WALK_MAX_CHUNK``; with ``wanted`` None (every
        match) each step doubles, up to ``WALK_MAX_CHUNK``. The officers of a ``scope``
        are kept to by the steps (``_walk_scope``), else by the name query.
        """
        name_scope = scope if self._walk_scope(scope) is None else None
        query = fts_name_query(f.name_prefix or "", name_scope)
        chunk, key = WALK_FIRST_CHUNK, None
        walked_total = found_total = 0
        while True:
            sql, params = self._walk_sql(f, after=key is not None, scope=scope)
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

    def _page_sql(self, f: RequestFilter, scope: Scope | None = None) -> tuple[str, list]:
        where, params = where_clause(f, scope)
        return f"SELECT * FROM requests{where} {ORDER}", params

    def count_requests(self, f: RequestFilter | None = None) -> int:
        f, scope = self._resolve(f)
        if scope is not None and not scope.visible:
            return 0
        if f.name_prefix and _is_name_only(f):
            matches = self._name_matches(f.name_prefix, scope=scope)
            if matches is not None:
                return matches  # the FTS index has exactly one row per request
        if scope is not None and f == RequestFilter():
            return self._count_scope(scope)
        where, params = where_clause(f, scope)
        return self.db.execute(f"SELECT count(*) FROM requests{where}", params).fetchone()[0]

    def page_requests(self, f: RequestFilter | None, offset: int, limit: int) -> list[dict]:
        f, scope = self._resolve(f)
        offset, limit = max(int(offset), 0), max(int(limit), 0)
        if scope is not None and not scope.visible:
            return []
        if self._walks(f, scope):
            wanted, ids = offset + limit, []
            for chunk in self._walk_ids(f, wanted, scope):
                ids.extend(chunk)
                if len(ids) >= wanted:
                    break
            return self._rows_by_id(ids[offset:wanted])
        sql, params = self._page_sql(f, scope)
        if f.name_prefix or (scope is not None and f == RequestFilter()):
            # Few matches, sorted: sort their ids, then read only the page's rows. (The
            # visible officers' index alone holds the ids too: no row is read to skip.)
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
        f, scope = self._resolve(f)
        batch = max(int(batch), 1)
        if scope is not None and not scope.visible:
            return
        if self._walks(f, scope):
            pending: list[int] = []
            for ids in self._walk_ids(f, scope=scope):
                pending.extend(ids)
                while len(pending) >= batch:
                    yield from self._rows_by_id(pending[:batch])
                    del pending[:batch]
            yield from self._rows_by_id(pending)
            return
        where, params = where_clause(f, scope)
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
        f, scope = self._resolve(f)
        if self._walks(f, scope):
            sql, params = self._walk_sql(f, after=True, scope=scope)
            params = [*params, "", "", WALK_FIRST_CHUNK]
        else:
            sql, params = self._page_sql(f, scope)
            sql += " LIMIT 50"
        rows = self.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return [row[3] for row in rows]

    def daily_summary(
        self, day: date | str, visit_uuid: str | None = None, visible_to: int | None = None
    ) -> list[dict]:
        """Requests of one visit day grouped as ``{service, status, count}``.

        Requests purged by retention still count (``purged_counts``, see
        ``app.store.retention``): a day reads the same after a purge as before.
        """
        where = "visit_date = ?"
        params: list = [day.isoformat() if isinstance(day, date) else day]
        if visit_uuid is not None:
            where += " AND visit_uuid = ?"
            params.append(visit_uuid)
        if visible_to is not None:  # only what that officer may see (RequestFilter.visible_to)
            ids = self.visible_officer_ids(visible_to)  # type: ignore[attr-defined]
            clause, values = officer_clause(ids, "+officer_id")
            where += f" AND {clause}"
            params.extend(values)
        sql = (
            "SELECT service, status, sum(count) AS count FROM ("
            f"SELECT service, status, count(*) AS count FROM requests WHERE {where}"
            " GROUP BY service, status"
            f" UNION ALL SELECT service, status, sum(count) FROM purged_counts WHERE {where}"
            " GROUP BY service, status"
            ") GROUP BY service, status ORDER BY service, status"
        )
        return [dict(r) for r in self.db.query(sql, [*params, *params])]
