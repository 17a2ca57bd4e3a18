"""HTTP routes of the supervisor dashboard and the target lists (an APIRouter).

``server/api.py`` includes :data:`router`; the routes find the engine on
``request.app.state.engine``. Scope rules live in ``server.dashboard.dashboard_scope``
(supervisor/admin) and ``server.targets.feed_scope`` (officer devices too).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from server import auth
from server.dashboard import dashboard, export_page
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
from sync.protocol import API_PREFIX, ErrorBody, ProtocolError
from sync.review_protocol import ReviewState

router = APIRouter(prefix=API_PREFIX, tags=["dashboard"])

_ERRORS = {status: {"model": ErrorBody} for status in (400, 401, 403)}


def _token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProtocolError("auth_required")
    return token.strip()


@router.get("/dashboard", response_model=Dashboard, responses=_ERRORS)
def get_dashboard(
    request: Request,
    date_from: date | None = None,
    date_to: date | None = None,
    kecamatan: str | None = None,
):
    """Aggregates for the supervisor dashboard (supervisor: own kecamatan; admin: all)."""
    engine = request.app.state.engine
    token = _token(request)
    with engine.connect() as conn:
        user = auth.user_for_session(conn, token)
        result = dashboard(conn, user, date_from=date_from, date_to=date_to, kecamatan=kecamatan)
    return JSONResponse(result.model_dump(mode="json"))


@router.get("/targets", response_model=TargetsPage, responses=_ERRORS)
def get_targets(
    request: Request,
    since: int = Query(0, ge=0),
    limit: int = Query(DEFAULT_TARGET_PAGE, ge=1, le=MAX_TARGET_PAGE),
    kecamatan: str | None = None,
):
    """Target-list changes after ``since`` for a kecamatan: field devices (device token)
    and supervisors get their own kecamatan, an admin any."""
    engine = request.app.state.engine
    token = _token(request)
    with engine.connect() as conn:
        if token.startswith(auth.DEVICE_TOKEN_PREFIX):
            _device, user = auth.device_for_token(conn, token)
        else:
            user = auth.user_for_session(conn, token)
        page = targets_page(conn, user, since=since, limit=limit, kecamatan=kecamatan)
    return JSONResponse(page.model_dump(mode="json"))


@router.get("/export/records", response_model=ExportPage, responses=_ERRORS)
def get_export_records(
    request: Request,
    batch_uuid: str | None = None,
    kecamatan: str | None = None,
    desa: str | None = None,
    state: ReviewState | None = None,
    service: str | None = None,
    q: str | None = Query(None, max_length=100),
    limit: int = Query(DEFAULT_EXPORT_PAGE, ge=1, le=MAX_EXPORT_PAGE),
    offset: int = Query(0, ge=0),
):
    """The review list of ``GET /review/records`` (same filters, order and scope) with
    every field of each record, a page at a time, for the supervisor's XLSX/CSV export."""
    engine = request.app.state.engine
    token = _token(request)
    with engine.connect() as conn:
        user = auth.user_for_session(conn, token)
        page = export_page(
            conn,
            user,
            limit=limit,
            offset=offset,
            batch_uuid=batch_uuid,
            kecamatan=kecamatan,
            desa=desa,
            state=state,
            service=service,
            q=q,
        )
    return JSONResponse(page.model_dump(mode="json"))
