"""The HTTP API (FastAPI). ``create_app(database_url)`` builds an app on its own engine."""

from __future__ import annotations

import logging
import os
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import auth, bundles, supervisor
from server.auth import DEVICE, DEVICE_INGEST, PUBLIC, REVIEWER, SESSION, Principal, RecentDevices
from server.config import ENV_DATABASE_URL, resolve_database_url
from server.db import MAX_BIGINT, iso, make_engine, utcnow
from server.flags import sending_clock
from server.http_security import (
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    security_headers,
)
from server.ingest import answer_json, ingest_batch
from server.keys import KeyRing, key_file_path
from server.params import RecordFilters, actor_of, record_filters
from server.processing_log import describe_search, record_access
from server.review import changes_page, decide
from server.routes_dashboard import RequestDay
from server.routes_dashboard import router as dashboard_router
from sync.bundle import RelayResult
from sync.protocol import (
    API_PREFIX,
    DEFAULT_CHANGES_PAGE,
    MAX_CHANGES_PAGE,
    MAX_COMPRESSED_BYTES,
    PROTOCOL_HEADER,
    SUPPORTED_PROTOCOL_VERSIONS,
    BatchResult,
    ChangesPage,
    DecisionRequest,
    DecisionResult,
    ErrorBody,
    Health,
    LoginRequest,
    LoginResponse,
    OfficerInfo,
    ProtocolError,
    RegisterRequest,
    RegisterResponse,
    error_message,
)
from sync.review_protocol import (
    DEFAULT_BATCH_PAGE,
    DEFAULT_RECORD_PAGE,
    DEVICE_TIME_HEADER,
    MAX_BATCH_PAGE,
    MAX_RECORD_PAGE,
    ApproveCleanResult,
    BatchList,
    BatchState,
    RecordDetail,
    RecordList,
)

log = logging.getLogger("jempol.server")

_HTTP_CODES = {401: "auth_required", 403: "forbidden_role", 404: "not_found", 413: "too_large"}
_ERROR_RESPONSES = {status: {"model": ErrorBody} for status in (400, 401, 403, 409, 413, 429)}

# ingest's refusals that mean the device's cached check is out of date
_DEVICE_REFUSED = frozenset({"token_invalid", "device_revoked", "account_disabled", "unavailable"})

Device = Annotated[Principal, Depends(DEVICE)]
DeviceIngest = Annotated[Principal, Depends(DEVICE_INGEST)]
Reviewer = Annotated[Principal, Depends(REVIEWER)]
Session = Annotated[Principal, Depends(SESSION)]


class LogoutResponse(BaseModel):
    """``POST /auth/logout``: the presenting session token no longer works."""

    signed_out: bool = True
    server_time: str


def _error(exc: ProtocolError, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(exc.body().model_dump(), status_code=exc.status, headers=headers)


def _ok(model: BaseModel) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"))


def _check_protocol_header(request: Request) -> None:
    value = request.headers.get(PROTOCOL_HEADER)
    if value is None:
        return
    try:
        version = int(value)
    except ValueError:
        version = None
    if version not in SUPPORTED_PROTOCOL_VERSIONS:
        raise ProtocolError("unsupported_protocol", f"{PROTOCOL_HEADER}: {value}")


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_COMPRESSED_BYTES:
        raise ProtocolError("too_large", f"more than {MAX_COMPRESSED_BYTES} bytes compressed")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_COMPRESSED_BYTES:
            raise ProtocolError("too_large", f"more than {MAX_COMPRESSED_BYTES} bytes compressed")
        chunks.append(chunk)
    return b"".join(chunks)


def _authenticate(engine, username: str, password: str) -> dict:
    """Check credentials; a failed attempt is committed (rate limit) before raising."""
    failure = None
    with engine.begin() as conn:
        try:
            user = auth.authenticate(conn, username, password)
        except ProtocolError as exc:
            failure = exc
    if failure is not None:
        raise failure
    return user


def create_app(database_url: str) -> FastAPI:
    engine = make_engine(database_url)
    app = FastAPI(
        title="Jempol server",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    # Batch answers list every record: compressed, they cost ~24 bytes a record on the wire.
    # level 1: a 500-record answer (~67 KB) compresses to 13 KB instead of 12 KB at level 9,
    # for ~1.2 ms less per batch
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=1)
    app.add_middleware(BodyLimitMiddleware)  # 1 MiB; batches and bundles: their own limit
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: on every answer
    app.state.engine = engine
    app.state.recent_devices = RecentDevices()  # device tokens checked lately (ingest)
    key_ring = KeyRing(key_file_path(database_url=database_url))  # relay bundles
    app.include_router(dashboard_router)

    @app.exception_handler(ProtocolError)
    async def protocol_error(_request: Request, exc: ProtocolError):
        return _error(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return _error(ProtocolError("bad_request", f"{where}: {first.get('msg', 'invalid')}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "bad_request")
        if exc.status_code == 405:
            return JSONResponse(
                {"code": "bad_request", "message": error_message("bad_request")}, status_code=405
            )
        return _error(ProtocolError(code))

    @app.exception_handler(DBAPIError)
    async def database_error(_request: Request, exc: DBAPIError):
        if exc.connection_invalidated or isinstance(exc, OperationalError):
            log.error("database unavailable: %s", type(exc.orig).__name__)
            return _error(ProtocolError("unavailable"), headers={"Retry-After": "30"})
        log.error("database error %s", type(exc.orig).__name__)
        return _error(ProtocolError("server_error"))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Answered outside the middleware stack: the security headers are added here.
        log.error("unhandled %s in %s", type(exc).__name__, request.url.path)
        https = request.url.scheme == "https"
        return _error(ProtocolError("server_error"), headers=security_headers(https))

    @app.get(f"{API_PREFIX}/health", response_model=Health, dependencies=[Depends(PUBLIC)])
    def health():
        server_keys = key_ring.get()
        return _ok(
            Health(
                server_time=iso(utcnow()),
                protocol_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
                recovery_public_key=server_keys.recovery_public if server_keys else None,
            )
        )

    @app.post(
        f"{API_PREFIX}/devices/register",
        response_model=RegisterResponse,
        responses=_ERROR_RESPONSES,
        dependencies=[Depends(PUBLIC)],
    )
    def register(req: RegisterRequest, request: Request):
        _check_protocol_header(request)
        user = _authenticate(engine, req.username, req.password)
        with engine.begin() as conn:
            device_id, token = auth.register_device(conn, user, req.device_name)
            if req.device_public_key:  # relay bundles: signed by this key
                bundles.save_device_key(conn, device_id, req.device_public_key)
        officer = OfficerInfo(
            username=user["username"], role=user["role"], kecamatan_code=user["kecamatan_code"]
        )
        server_keys = key_ring.get()
        return _ok(
            RegisterResponse(
                device_id=device_id,
                token=token,
                officer=officer,
                server_time=iso(utcnow()),
                server_public_key=server_keys.public_key if server_keys else None,
                recovery_public_key=server_keys.recovery_public if server_keys else None,
            )
        )

    @app.post(
        f"{API_PREFIX}/auth/login",
        response_model=LoginResponse,
        responses=_ERROR_RESPONSES,
        dependencies=[Depends(PUBLIC)],
    )
    def login(req: LoginRequest):
        user = _authenticate(engine, req.username, req.password)
        with engine.begin() as conn:
            token, expires = auth.open_session(conn, user)
        return _ok(
            LoginResponse(
                token=token,
                expires_at=iso(expires),
                role=user["role"],
                kecamatan_code=user["kecamatan_code"],
            )
        )

    @app.post(
        f"{API_PREFIX}/auth/logout", response_model=LogoutResponse, responses=_ERROR_RESPONSES
    )
    def logout(principal: Session):
        """End the presenting session: its token is refused from now on."""
        with engine.begin() as conn:
            auth.close_session(conn, principal.token_hash)
        return _ok(LogoutResponse(server_time=iso(utcnow())))

    @app.put(
        f"{API_PREFIX}/batches/{{batch_uuid}}",
        response_model=BatchResult,
        responses=_ERROR_RESPONSES,
    )
    async def put_batch(batch_uuid: str, request: Request, principal: DeviceIngest):
        _check_protocol_header(request)
        body = await _read_body(request)
        encoding = request.headers.get("content-encoding")
        spent: list = []  # the batch's objects: freed once the answer is on its way
        try:
            with sending_clock(request.headers.get(DEVICE_TIME_HEADER)):  # clock_skew flag
                result = await run_in_threadpool(
                    ingest_batch,
                    engine,
                    principal.device,
                    principal.user,
                    batch_uuid,
                    body,
                    encoding,
                    spent,
                )
        except ProtocolError as exc:
            if exc.code in _DEVICE_REFUSED:  # revoked or changed since its token was checked
                app.state.recent_devices.forget(principal.token_hash)
            raise
        # one pydantic-core dump (same JSON as _ok, without the Python dict round trip),
        # made before the commit when ingest kept a copy for resends
        return Response(
            answer_json(result),
            media_type="application/json",
            background=BackgroundTask(spent.clear),
        )

    @app.post(
        f"{API_PREFIX}/relay",
        response_model=RelayResult,
        responses=_ERROR_RESPONSES,
    )
    async def relay_bundle(request: Request, principal: Device):
        """A relay bundle from any registered laptop (docs/protocol.md "Relay bundles")."""
        _check_protocol_header(request)
        data = await bundles.read_bundle_body(request)
        result = await run_in_threadpool(
            bundles.import_bundle, engine, key_ring.get(), data, relayed_by=principal.device["id"]
        )
        await run_in_threadpool(bundles.log_import, engine, actor_of(principal, request), result)
        return _ok(result)

    @app.get(f"{API_PREFIX}/changes", response_model=ChangesPage, responses=_ERROR_RESPONSES)
    def get_changes(
        request: Request,
        principal: Device,
        since: int = Query(0, ge=0, le=MAX_BIGINT),
        limit: int = Query(DEFAULT_CHANGES_PAGE, ge=1, le=MAX_CHANGES_PAGE),
    ):
        _check_protocol_header(request)
        return _ok(changes_page(engine, principal.user["id"], since, limit))

    @app.post(
        f"{API_PREFIX}/records/{{record_uuid}}/decision",
        response_model=DecisionResult,
        responses=_ERROR_RESPONSES,
    )
    def post_decision(
        record_uuid: str, req: DecisionRequest, request: Request, principal: Reviewer
    ):
        result = decide(engine, principal.user, record_uuid, req)
        with engine.begin() as conn:
            record_access(
                conn,
                actor_of(principal, request),
                "decision",
                record_uuids=[record_uuid],
                detail={"decision": req.decision, "revision": result.record_revision},
            )
        return _ok(result)

    # ----------------------------------------------------------- supervisor review
    @app.get(f"{API_PREFIX}/review/batches", response_model=BatchList, responses=_ERROR_RESPONSES)
    def review_batches(
        request: Request,
        principal: Reviewer,
        kecamatan: str | None = None,
        desa: str | None = None,
        team: str | None = None,
        officer: str | None = None,
        date_from: RequestDay = None,
        date_to: RequestDay = None,
        state: BatchState | None = None,
        limit: int = Query(DEFAULT_BATCH_PAGE, ge=1, le=MAX_BATCH_PAGE),
        offset: int = Query(0, ge=0, le=MAX_BIGINT),
    ):
        filters = {
            "kecamatan": kecamatan,
            "desa": desa,
            "team": team,
            "officer": officer,
            "date_from": date_from,
            "date_to": date_to,
            "state": state,
        }
        with engine.begin() as conn:
            page = supervisor.list_batches(
                conn, principal.user, **filters, limit=limit, offset=offset
            )
            record_access(
                conn,
                actor_of(principal, request),
                "list_batches",
                detail={**filters, "limit": limit, "offset": offset},
                count=len(page.items),
            )
        return _ok(page)

    @app.get(f"{API_PREFIX}/review/records", response_model=RecordList, responses=_ERROR_RESPONSES)
    def review_records(
        request: Request,
        principal: Reviewer,
        f: Annotated[RecordFilters, Depends(record_filters)],
        limit: int = Query(DEFAULT_RECORD_PAGE, ge=1, le=MAX_RECORD_PAGE),
        offset: int = Query(0, ge=0, le=MAX_BIGINT),
    ):
        filters, q = f.without_search(), f.q
        with engine.begin() as conn:
            page = supervisor.list_records(
                conn, principal.user, **filters, q=q, limit=limit, offset=offset
            )
            record_access(
                conn,
                actor_of(principal, request),
                "list_records",
                record_uuids=[item.uuid for item in page.items],
                detail={**filters, "q": describe_search(q), "limit": limit, "offset": offset},
            )
        return _ok(page)

    @app.get(
        f"{API_PREFIX}/review/records/{{record_uuid}}",
        response_model=RecordDetail,
        responses={**_ERROR_RESPONSES, 404: {"model": ErrorBody}},
    )
    def review_record(record_uuid: str, request: Request, principal: Reviewer):
        with engine.begin() as conn:
            detail = supervisor.record_detail(conn, principal.user, record_uuid)
            record_access(
                conn,
                actor_of(principal, request),
                "read_record",
                record_uuids=[record_uuid],
                detail={"revision": detail.revision},
            )
        return _ok(detail)

    @app.post(
        f"{API_PREFIX}/review/batches/{{batch_uuid}}/approve-clean",
        response_model=ApproveCleanResult,
        responses={**_ERROR_RESPONSES, 404: {"model": ErrorBody}},
    )
    def review_approve_clean(batch_uuid: str, request: Request, principal: Reviewer):
        result = supervisor.approve_clean(engine, principal.user, batch_uuid)
        with engine.begin() as conn:
            record_access(
                conn,
                actor_of(principal, request),
                "approve_clean",
                detail={"batch_uuid": batch_uuid, "skipped": result.skipped},
                count=result.approved,
            )
        return _ok(result)

    _require_policies(app)
    return app


def iter_routes(app: FastAPI):
    """Every route of ``app``, included routers flattened (FastAPI keeps an included router
    as one entry whose ``effective_route_contexts()`` list its routes)."""
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            yield route
        else:
            for context in contexts():
                yield context.original_route


def _require_policies(app: FastAPI) -> None:
    """Every API route declares exactly one authorisation policy (server.auth)."""
    for route in iter_routes(app):
        if isinstance(route, APIRoute) and auth.route_policy(route) is None:
            raise RuntimeError(f"route {route.path} has no authorisation policy (server.auth)")


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes (reads $JEMPOL_DATABASE_URL)."""
    return create_app(resolve_database_url(database_url=os.environ.get(ENV_DATABASE_URL)))
