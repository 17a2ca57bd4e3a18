"""HTTP hardening: security headers on every answer, the request body limits.

Every answer is JSON for the sync client or the supervisor app (no HTML is served: the
interactive docs are off), so the headers forbid everything a browser could do with it.
``Cache-Control: no-store`` keeps answers with residents' data out of proxy and disk
caches. ``Strict-Transport-Security`` is sent only when the request came over TLS
(directly, or through a trusted reverse proxy's ``X-Forwarded-Proto``).
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.bundle import MAX_BUNDLE_BYTES
from sync.protocol import API_PREFIX, MAX_COMPRESSED_BYTES, ProtocolError

# Bodies of every route but the two uploads: logins, decisions (a comment) and the like.
MAX_BODY_BYTES = 1024 * 1024
BATCH_BODY_BYTES = MAX_COMPRESSED_BYTES  # PUT /batches/{uuid}: the documented batch limit
BUNDLE_BODY_BYTES = MAX_BUNDLE_BYTES  # POST /relay
# (method, path prefix) -> limit; every other request: MAX_BODY_BYTES.
BODY_LIMITS = (
    ("PUT", f"{API_PREFIX}/batches/", BATCH_BODY_BYTES),
    ("POST", f"{API_PREFIX}/relay", BUNDLE_BODY_BYTES),
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=31536000"


def security_headers(https: bool) -> dict[str, str]:
    headers = dict(SECURITY_HEADERS)
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Pure ASGI middleware (streams untouched) adding :data:`SECURITY_HEADERS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("scheme") == "https")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def body_limit(method: str, path: str) -> int:
    """The largest request body accepted for ``method path``."""
    for limit_method, prefix, limit in BODY_LIMITS:
        if method == limit_method and path.startswith(prefix):
            return limit
    return MAX_BODY_BYTES


class BodyTooLarge(HTTPException):
    """Raised while a body is read past its limit; answered as ``413 too_large``."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"more than {limit} bytes")


class BodyLimitMiddleware:
    """``413 too_large`` for a body over :func:`body_limit`: at once when
    ``Content-Length`` says so, else as soon as the bytes read pass the limit (chunked
    uploads), before a route sees them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            error = ProtocolError("too_large", f"more than {limit} bytes")
            response = JSONResponse(error.body().model_dump(), status_code=error.status)
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)
