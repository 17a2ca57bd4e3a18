"""HTTP client of the supervisor review API (``/api/v1/review/...``); no Qt.

It reuses the sync client's transport (:class:`sync.transport.Transport`: one
``requests.Session`` with connect/read timeouts, urllib3 ``Retry``, and the single
boundary where transport failures become :mod:`sync.errors` types). On top of that it

* retries only idempotent reads (a decision POST is never resent after it may have
  reached the server; a refused connection is retried by urllib3 for every method),
* re-raises every :class:`~sync.errors.SyncError` as :class:`ReviewError` (a subclass),
  whose messages speak to a supervisor at a desk rather than a field laptop.

One client belongs to one thread (the UI's review worker); it holds the session token
after :meth:`ReviewClient.login`. Messages never contain a NIK, password or token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from requests.adapters import HTTPAdapter

from app import __version__
from sync import protocol
from sync import review_protocol as rp
from sync.errors import REASONS, SyncError
from sync.transport import Transport, TransportConfig, make_retry

REVIEWER_ROLES = ("supervisor", "admin")
BATCH_STATES = ("new", "in_review", "done")
RECORD_STATES = ("pending", "approved", "returned", "rejected")

# Interactive use: a person is waiting, so fail within seconds rather than minutes.
INTERACTIVE = TransportConfig(
    connect_timeout=5.0,
    read_timeout=30.0,
    retries=2,
    backoff_factor=0.3,
    backoff_max=2.0,
    backoff_jitter=0.2,
    body_retries=1,
)

REVIEW_MESSAGES: dict[str, dict[str, str]] = {
    "unreachable": {
        "id": "Server tidak dapat dihubungi: periksa koneksi jaringan dan alamat server "
        "({detail}).",
        "en": "The server cannot be reached: check the network connection and the server "
        "address ({detail}).",
    },
    "timeout": {
        "id": "Server tidak dapat dihubungi: tidak ada jawaban tepat waktu. Periksa koneksi "
        "jaringan, lalu coba lagi.",
        "en": "The server cannot be reached: no answer in time. Check the network "
        "connection, then try again.",
    },
    "bad_response": {
        "id": "Jawaban server tidak dapat dibaca ({detail}). Coba lagi; bila berulang, "
        "hubungi admin.",
        "en": "The server's answer cannot be read ({detail}). Try again; if it repeats, "
        "call the admin.",
    },
    "session_expired": {
        "id": "Sesi supervisor berakhir atau tidak berlaku. Masuk lagi.",
        "en": "The supervisor session has ended or is not valid. Sign in again.",
    },
    "not_reviewer": {
        "id": "Akun ini bukan akun supervisor atau admin. Masuk dengan akun supervisor.",
        "en": "This account is not a supervisor or admin account. Sign in with a supervisor "
        "account.",
    },
    "internal": {
        "id": "Kesalahan di dalam aplikasi ({detail}). Coba lagi; bila berulang, hubungi admin.",
        "en": "An error inside the app ({detail}). Try again; if it repeats, call the admin.",
    },
    "forbidden_scope": {
        "id": "Data ini berada di luar kecamatan tugas akun Anda.",
        "en": "This item lies outside your account's kecamatan.",
    },
}

# Codes of sync.errors / sync.protocol that mean "the session token is gone".
_SESSION_CODES = ("auth_required", "token_invalid", "device_revoked", "not_registered")

M = TypeVar("M")


class ReviewError(SyncError):
    """A failed review call; ``code`` is a sync/protocol error code or a review code."""

    @classmethod
    def from_sync(cls, err: SyncError) -> ReviewError:
        if isinstance(err, ReviewError):
            return err
        code = "session_expired" if err.code in _SESSION_CODES else err.code
        return cls(code, detail=err.detail, status=err.status)

    @property
    def action(self) -> str:
        if self.code == "session_expired":
            return protocol.REREGISTER
        if self.code == "not_reviewer":
            return protocol.STOP
        return super().action

    @property
    def session_ended(self) -> bool:
        """The user must sign in again."""
        return self.code == "session_expired"

    def message(self, lang: str = "id") -> str:
        texts = REVIEW_MESSAGES.get(self.code)
        if texts is None:
            return super().message(lang)
        return texts.get(lang, texts["id"]).format(detail=self._detail_text(lang))

    def _detail_text(self, lang: str) -> str:
        if self.detail in REASONS:
            return REASONS[self.detail].get(lang, REASONS[self.detail]["id"])
        return self.detail or "-"


class ReviewTransport(Transport):
    """The sync transport with review calls; POSTs are not retried after being sent."""

    def __init__(self, server_url: str, config: TransportConfig | None = None) -> None:
        super().__init__(server_url, config=config or INTERACTIVE)
        retry = make_retry(self.config).new(allowed_methods=frozenset({"GET", "HEAD"}))
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=2)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = f"jempol-review/{__version__}"

    def get(self, path: str, params: dict | None = None) -> dict:
        return self._call("GET", path, params=params)

    def post(self, path: str, body: Any = None, *, auth: bool = True) -> dict:
        return self._call("POST", path, json_body=body if body is not None else {}, auth=auth)


def _params(**values: Any) -> dict:
    """Query parameters without the empty ones; dates as ISO strings."""
    out = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


class ReviewClient:
    """The review API for one signed-in supervisor or admin."""

    def __init__(self, server_url: str, config: TransportConfig | None = None) -> None:
        try:
            self.transport = ReviewTransport(server_url, config)
        except SyncError as err:
            raise ReviewError.from_sync(err) from None
        self.server_url = self.transport.base_url
        self.username: str | None = None
        self.role: str | None = None
        self.kecamatan_code: str | None = None

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> ReviewClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def signed_in(self) -> bool:
        return self.transport.token is not None

    # ------------------------------------------------------------------ calls
    def login(self, username: str, password: str) -> protocol.LoginResponse:
        """POST /auth/login; keeps the token. Officers are refused (``not_reviewer``)."""
        body = protocol.LoginRequest(username=username, password=password).model_dump()
        answer = self._guard(lambda: self.transport.post("/auth/login", body, auth=False))
        login = self._parse(protocol.LoginResponse, answer)
        if login.role not in REVIEWER_ROLES:
            raise ReviewError("not_reviewer")
        self.transport.token = login.token
        self.username = username
        self.role = login.role
        self.kecamatan_code = login.kecamatan_code
        return login

    def logout(self) -> None:
        """POST /auth/logout so the session token stops working on the server too, then
        forget it. Best effort: an unreachable server still lets the supervisor leave (the
        session then expires on its own)."""
        if self.transport.token is not None:
            try:
                self.transport.post("/auth/logout", {})
            except SyncError:
                pass
        self.transport.token = None
        self.username = self.role = self.kecamatan_code = None

    def batches(
        self,
        *,
        kecamatan: str | None = None,
        desa: str | None = None,
        team: str | None = None,
        officer: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        state: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> rp.BatchList:
        params = _params(
            kecamatan=kecamatan,
            desa=desa,
            team=team,
            officer=officer,
            date_from=date_from,
            date_to=date_to,
            state=state,
            limit=limit,
            offset=offset,
        )
        answer = self._guard(lambda: self.transport.get("/review/batches", params))
        return self._parse(rp.BatchList, answer)

    def records(
        self,
        *,
        batch_uuid: str | None = None,
        kecamatan: str | None = None,
        desa: str | None = None,
        state: str | None = None,
        service: str | None = None,
        q: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> rp.RecordList:
        params = _params(
            batch_uuid=batch_uuid,
            kecamatan=kecamatan,
            desa=desa,
            state=state,
            service=service,
            q=q,
            limit=limit,
            offset=offset,
        )
        answer = self._guard(lambda: self.transport.get("/review/records", params))
        return self._parse(rp.RecordList, answer)

    def record(self, record_uuid: str) -> rp.RecordDetail:
        answer = self._guard(lambda: self.transport.get(f"/review/records/{record_uuid}"))
        return self._parse(rp.RecordDetail, answer)

    def decide(self, record_uuid: str, decision: str, comment: str = "") -> protocol.DecisionResult:
        body = protocol.DecisionRequest(decision=decision, comment=comment).model_dump()
        answer = self._guard(lambda: self.transport.post(f"/records/{record_uuid}/decision", body))
        return self._parse(protocol.DecisionResult, answer)

    def approve_clean(self, batch_uuid: str) -> rp.ApproveCleanResult:
        path = f"/review/batches/{batch_uuid}/approve-clean"
        answer = self._guard(lambda: self.transport.post(path))
        return self._parse(rp.ApproveCleanResult, answer)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _guard(call: Callable[[], dict]) -> dict:
        try:
            return call()
        except SyncError as err:
            raise ReviewError.from_sync(err) from None

    @staticmethod
    def _parse(model: type[M], answer: dict) -> M:
        try:
            return model.model_validate(answer)  # type: ignore[attr-defined]
        except ValueError as exc:  # pydantic.ValidationError is a ValueError
            raise ReviewError("bad_response", detail=model.__name__) from exc
