"""HTTP routes of the supervisor dashboard and the target lists (an APIRouter).

``server/api.py`` includes :data:`router`; the routes find the engine on
``request.app.state.engine``. Who may call each route is its ``server.auth`` policy
(a dependency); scope on stored data is checked with ``server.auth`` helpers too.
Every answer with residents' data is written to the processing log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from server.auth import FIELD_OR_REVIEWER, REVIEWER, Principal
from server.dashboard import dashboard, export_page
from server.db import MAX_BIGINT, MAX_DAY, MIN_DAY
from server.params import RecordFilters, actor_of, record_filters
from server.processing_log import describe_search, record_access
from server.targets import targets_page
from sync.dashboard_protocol import (
    DEFAULT_EXPORT_PAGE,
    DEFAULT_TARGET_PAGE,
    MAX_EXPORT_PAGE,
    MAX_TARGET_PAGE,
    Dashboard,
    ExportPage,
    TargetsPage,
)
from sync.protocol import API_PREFIX, ErrorBody

router = APIRouter(prefix=API_PREFIX, tags=["dashboard"])

_ERRORS = {status: {"model": ErrorBody} for status in (400, 401, 403)}

# A day in a filter; beyond these bounds date arithmetic would overflow (400 bad_request).
RequestDay = Annotated[date | None, Query(ge=MIN_DAY, le=MAX_DAY)]
Reviewer = Annotated[Principal, Depends(REVIEWER)]
FieldOrReviewer = Annotated[Principal, Depends(FIELD_OR_REVIEWER)]


@router.get("/dashboard", response_model=Dashboard, responses=_ERRORS)
def get_dashboard(
    request: Request,
    principal: Reviewer,
    date_from: RequestDay = None,
    date_to: RequestDay = None,
    kecamatan: str | None = None,
):
    """Aggregates for the supervisor dashboard (supervisor: own kecamatan; admin: all)."""
    with request.app.state.engine.begin() as conn:
        result = dashboard(
            conn, principal.user, date_from=date_from, date_to=date_to, kecamatan=kecamatan
        )
        record_access(
            conn,
            actor_of(principal, request),
            "dashboard",
            detail={
                "date_from": result.date_from,
                "date_to": result.date_to,
                "kecamatan": kecamatan,
            },
            count=0,
        )
    return JSONResponse(result.model_dump(mode="json"))


@router.get("/targets", response_model=TargetsPage, responses=_ERRORS)
def get_targets(
    request: Request,
    principal: FieldOrReviewer,
    since: int = Query(0, ge=0, le=MAX_BIGINT),
    limit: int = Query(DEFAULT_TARGET_PAGE, ge=1, le=MAX_TARGET_PAGE),
    kecamatan: str | None = None,
):
    """Target-list changes after ``since`` for a kecamatan: field devices (device token)
    and supervisors get their own kecamatan, an admin any."""
    with request.app.state.engine.begin() as conn:
        page = targets_page(conn, principal.user, since=since, limit=limit, kecamatan=kecamatan)
        record_access(
            conn,
            actor_of(principal, request),
            "targets_read",
            detail={"since": since, "limit": limit, "kecamatan": kecamatan},
            count=len(page.items),
        )
    return JSONResponse(page.model_dump(mode="json"))


@router.get("/export/records", response_model=ExportPage, responses=_ERRORS)
def get_export_records(
    request: Request,
    principal: Reviewer,
    f: Annotated[RecordFilters, Depends(record_filters)],
    limit: int = Query(DEFAULT_EXPORT_PAGE, ge=1, le=MAX_EXPORT_PAGE),
    offset: int = Query(0, ge=0, le=MAX_BIGINT),
):
    """The review list of ``GET /review/records`` (same filters, order and scope) with
    every field of each record, a page at a time, for the supervisor's XLSX/CSV export."""
    filters, q = f.without_search(), f.q
    with request.app.state.engine.begin() as conn:
        page = export_page(conn, principal.user, limit=limit, offset=offset, q=q, **filters)
        record_access(
            conn,
            actor_of(principal, request),
            "export",
            record_uuids=[item.uuid for item in page.items],
            detail={**filters, "q": describe_search(q), "limit": limit, "offset": offset},
        )
    return JSONResponse(page.model_dump(mode="json"))
