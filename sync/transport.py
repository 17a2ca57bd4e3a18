"""HTTP transport of the sync client: one ``requests.Session``, retries, error mapping.

This module is the single boundary where requests/urllib3 exceptions and HTTP error
answers become :mod:`sync.errors` types. Retries are urllib3's ``Retry``: exponential
backoff with jitter on connection errors, read timeouts and 429/502/503/504, honouring
``Retry-After``, for GET, PUT and POST too (a batch PUT is idempotent by its UUID; a
repeated registration only adds a device row). Other 4xx answers are never retried.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from app import __version__
from sync import protocol
from sync.bundle import MEDIA_TYPE, RelayResult
from sync.dashboard_protocol import TargetsPage
from sync.errors import AuthRefused, ServerError, SyncError, Unreachable
from sync.review_protocol import DEVICE_TIME_HEADER

log = logging.getLogger("jempol.sync.transport")

RETRY_STATUSES = frozenset({429, 502, 503, 504})
STATUS_CODES = {
    401: "token_invalid",
    403: "forbidden_role",
    404: "not_found",
    409: "batch_conflict",
    413: "too_large",
    422: "bad_request",
    429: "rate_limited",
    500: "server_error",
    502: "unavailable",
    503: "unavailable",
    504: "unavailable",
}


@dataclass
class TransportConfig:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 4
    backoff_factor: float = 1.0
    backoff_max: float = 60.0
    backoff_jitter: float = 1.0
    # Extra attempts when an answer breaks off mid-body (urllib3 cannot retry those).
    body_retries: int = 2
    # PEM file of the CA(s) to trust for https (an office's internal CA); None: the
    # system's/certifi's list. Certificates are always verified.
    ca_bundle: str | None = None
    # Plain http to anything but this machine is refused unless this is set.
    allow_insecure_http: bool = False


# Store settings (``Store.get_setting``) read by :func:`apply_settings`.
SETTING_CA_BUNDLE = "ca_bundle"
SETTING_ALLOW_INSECURE_HTTP = "allow_insecure_http"


def apply_settings(config: TransportConfig, get_setting: Callable[..., Any]) -> TransportConfig:
    """Fill ``ca_bundle``/``allow_insecure_http`` from the laptop's settings (e.g.
    ``store.get_setting``) where ``config`` leaves them unset; returns ``config``."""
    if not config.ca_bundle:
        config.ca_bundle = get_setting(SETTING_CA_BUNDLE) or None
    if not config.allow_insecure_http:
        config.allow_insecure_http = bool(get_setting(SETTING_ALLOW_INSECURE_HTTP, False))
    return config


def device_time() -> str:
    """This laptop's clock now (UTC, ISO-8601), sent with every batch so the server can
    flag records from a laptop whose clock is off (``server.flags.sending_clock``)."""
    return protocol.utc_now_iso()


def normalize_server_url(url: str) -> str:
    """``https://host[:port][/prefix]`` without a trailing slash; raises ``SyncError``."""
    text = (url or "").strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("bad_url", detail=text or "-")
    if parts.query or parts.fragment:
        raise SyncError("bad_url", detail=text)
    return text


def is_insecure(url: str) -> bool:
    """Plain http to anything but this machine (tokens would travel unencrypted)."""
    parts = urlsplit(url)
    return parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1")


def make_retry(config: TransportConfig) -> Retry:
    return Retry(
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        backoff_factor=config.backoff_factor,
        backoff_max=config.backoff_max,
        backoff_jitter=config.backoff_jitter,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD", "PUT", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


class Transport:
    """The sync API over HTTP. ``clock_skew`` holds the last measured server - laptop time."""

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        config: TransportConfig | None = None,
        on_traffic: Callable[[int, int], None] | None = None,
    ) -> None:
        self.base_url = normalize_server_url(server_url)
        self.config = config or TransportConfig()
        if is_insecure(self.base_url) and not self.config.allow_insecure_http:
            raise SyncError("insecure_http", detail=self.base_url)
        verify: bool | str = True
        if self.config.ca_bundle:
            verify = str(self.config.ca_bundle)
            if not Path(verify).is_file():
                raise SyncError("ca_bundle", detail=verify)
        self.token = token
        self.on_traffic = on_traffic
        self.clock_skew: float | None = None
        self.session = requests.Session()
        self.verify = verify  # never False: certificates are always checked
        adapter = HTTPAdapter(max_retries=make_retry(self.config), pool_maxsize=2)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {
                protocol.PROTOCOL_HEADER: str(protocol.PROTOCOL_VERSION),
                "User-Agent": f"jempol-sync/{__version__}",
                "Accept": "application/json",
            }
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ API
    def health(self) -> protocol.Health:
        return _validated(protocol.Health, self._call("GET", "/health", auth=False), "health")

    def register(
        self,
        username: str,
        password: str,
        device_name: str,
        device_public_key: str | None = None,
    ) -> protocol.RegisterResponse:
        """``POST /devices/register``; ``device_public_key`` signs this laptop's bundles."""
        payload = protocol.RegisterRequest(
            username=username,
            password=password,
            device_name=device_name,
            device_public_key=device_public_key,
        )
        answer = self._call("POST", "/devices/register", auth=False, json_body=payload.model_dump())
        return _validated(protocol.RegisterResponse, answer, "register")

    def put_batch(self, batch_uuid: str, body: bytes) -> protocol.BatchResult:
        """``PUT /batches/{uuid}`` with the laptop's clock in ``X-Jempol-Device-Time``."""
        answer = self._call(
            "PUT",
            f"/batches/{batch_uuid}",
            data=body,
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                DEVICE_TIME_HEADER: device_time(),
            },
        )
        return _validated(protocol.BatchResult, answer, "batch")

    def post_bundle(self, data: bytes) -> RelayResult:
        """``POST /relay``: a relay bundle file, sent unopened with this laptop's token."""
        answer = self._call("POST", "/relay", data=data, headers={"Content-Type": MEDIA_TYPE})
        return _validated(RelayResult, answer, "relay")

    def changes(self, since: int, limit: int) -> protocol.ChangesPage:
        answer = self._call("GET", "/changes", params={"since": since, "limit": limit})
        return _validated(protocol.ChangesPage, answer, "changes")

    def targets(self, since: int, limit: int) -> TargetsPage:
        """``GET /targets``: target residents of this device's kecamatan after ``since``."""
        answer = self._call("GET", "/targets", params={"since": since, "limit": limit})
        return _validated(TargetsPage, answer, "targets")

    # ------------------------------------------------------------------ the boundary
    def _call(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        params: dict | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict | None = None,
    ) -> dict:
        """Send one request; return the decoded JSON object or raise a ``SyncError``."""
        headers = dict(headers or {})
        if auth:
            if not self.token:
                raise AuthRefused("auth_required")
            headers["Authorization"] = f"Bearer {self.token}"
        url = f"{self.base_url}{protocol.API_PREFIX}{path}"
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        attempts = 1 + self.config.body_retries
        for attempt in range(attempts):
            sent_at = time.time()
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                    verify=self.verify,  # per request, so $REQUESTS_CA_BUNDLE cannot override it
                )
                content = response.content  # read the whole answer inside the boundary
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                if attempt + 1 < attempts:
                    continue
                raise Unreachable("bad_response", detail=type(exc).__name__) from None
            except requests.exceptions.Timeout:
                log.warning("%s %s: timeout", method, path)
                raise Unreachable("timeout") from None
            except requests.exceptions.ConnectionError as exc:
                if _broke_mid_answer(exc) and attempt + 1 < attempts:
                    continue
                log.warning("%s %s: unreachable (%s)", method, path, _reason(exc))
                raise Unreachable("unreachable", detail=_reason(exc)) from None
            except requests.exceptions.RequestException as exc:
                raise Unreachable("unreachable", detail=type(exc).__name__) from None
            received_at = time.time()
            log.info(
                "%s %s -> HTTP %s (%d B sent, %d B received, %.0f ms)",
                method,
                path,
                response.status_code,
                len(data or b""),
                len(content),
                (received_at - sent_at) * 1000,
            )
            if self.on_traffic:
                self.on_traffic(len(data or b""), len(content))
            try:
                return self._answer(response, content, (sent_at + received_at) / 2)
            except _BrokenAnswer as exc:
                if attempt + 1 < attempts:
                    continue
                raise Unreachable("bad_response", detail=str(exc)) from None
        raise AssertionError("unreachable code")  # pragma: no cover

    def _answer(self, response: requests.Response, content: bytes, local_time: float) -> dict:
        status = response.status_code
        try:
            doc = json.loads(content.decode("utf-8")) if content else None
        except (UnicodeDecodeError, ValueError):
            doc = None
        self._measure_skew(response, doc, local_time)
        if status < 400:
            if not isinstance(doc, dict):
                raise _BrokenAnswer(f"HTTP {status}, {len(content)} byte")
            return doc
        code = doc.get("code") if isinstance(doc, dict) else None
        if code not in protocol.ERROR_CODES:
            code = STATUS_CODES.get(status)
        if code is None:
            raise ServerError("http_error", detail=str(status), status=status)
        detail = None
        if isinstance(doc, dict) and isinstance(doc.get("message"), str):
            server_text = doc["message"]
            if server_text and server_text != protocol.error_message(code):
                detail = server_text[:300]
        if protocol.error_action(code) == protocol.REREGISTER:
            raise AuthRefused(code, detail=detail, status=status)
        raise ServerError(code, detail=detail, status=status)

    def _measure_skew(self, response: requests.Response, doc: Any, local_time: float) -> None:
        server: datetime | None = None
        if isinstance(doc, dict) and isinstance(doc.get("server_time"), str):
            try:
                server = protocol.parse_utc(doc["server_time"])
            except ValueError:
                server = None
        if server is None and response.headers.get("Date"):
            try:
                server = email.utils.parsedate_to_datetime(response.headers["Date"])
            except (TypeError, ValueError):
                server = None
        if server is not None:
            if server.tzinfo is None:
                server = server.replace(tzinfo=UTC)
            self.clock_skew = server.timestamp() - local_time


class _BrokenAnswer(Exception):
    pass


_Model = TypeVar("_Model", bound=BaseModel)


def _validated(model: type[_Model], answer: dict, what: str) -> _Model:
    """``answer`` as ``model``; an answer of the wrong shape is a ``bad_response``."""
    try:
        return model.model_validate(answer)
    except ValidationError:
        raise Unreachable("bad_response", detail=what) from None


def _broke_mid_answer(exc: BaseException) -> bool:
    text = repr(exc)
    return "IncompleteRead" in text or "Connection broken" in text


def _reason(exc: BaseException) -> str:
    """A reason key of ``sync.errors.REASONS`` (never the URL or the raw text)."""
    text = repr(exc)
    for needle, key in (
        ("Connection refused", "refused"),
        ("Name or service not known", "dns"),
        ("Temporary failure in name resolution", "dns"),
        ("getaddrinfo failed", "dns"),
        ("RemoteDisconnected", "dropped"),
        ("Connection reset", "dropped"),
        ("Connection aborted", "dropped"),
        ("Broken pipe", "dropped"),
        ("SSLError", "tls"),
        ("CERTIFICATE", "tls"),
    ):
        if needle in text:
            return key
    return "network"
