"""Validation of a resident's service request, shared by the form, the CSV import and the
server, and its JSON-safe dictionary form."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.kk import InvalidKk, KkInfo, parse_kk
from app.domain.messages import DEFAULT_LANGUAGE, DomainError, text
from app.domain.nik import InvalidNik, NikInfo, parse_nik
from app.domain.regions import regions
from app.domain.services import (
    ADULT_AGE,
    EVER_MARRIED,
    MARITAL_STATUSES,
    PENDING_REASONS,
    SERVICES,
    SEXES,
    STATUSES,
    age_on,
)

ERROR, WARNING, CONFIRM = "error", "warning", "confirm"

NAME_MIN, NAME_MAX = 2, 100
_NAME_PUNCTUATION = set(" '.-\u2019")
_RT_RW = re.compile(r"\d{1,3}")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
_PHONE = re.compile(r"(?:\+62|62|0)8\d+")


@dataclass
class RequestInput:
    desa_code: str
    nik: str = field(repr=False)
    kk: str = field(repr=False)
    name: str = field(repr=False)
    birth_date: date | None
    sex: str | None
    service: str
    status: str = "received"
    pending_reason: str | None = None
    address: str = field(default="", repr=False)
    rt: str = ""
    rw: str = ""
    phone: str = field(default="", repr=False)
    notes: str = ""
    marital_status: str | None = None
    has_ektp: bool = False
    mismatch_reason: str = ""  # officer's reason when typed data disagrees with the NIK
    visit_date: date | None = None


@dataclass
class Issue:
    field: str
    code: str
    message: str
    severity: str  # ERROR | WARNING | CONFIRM
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message_in(self, lang: str) -> str:
        return text(self.code, lang, **self.params)


@dataclass
class Validation:
    issues: list[Issue]
    nik_info: NikInfo | None
    kk_info: KkInfo | None
    mismatch_reason: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def confirmations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == CONFIRM]

    @property
    def confirmed(self) -> bool:
        """Every "confirm" issue is answered by a non-empty mismatch reason."""
        return not self.confirmations or bool(self.mismatch_reason.strip())

    @property
    def ok(self) -> bool:
        return not self.errors and self.confirmed

    def blocking(self) -> list[Issue]:
        """The issues that stop saving: errors, and confirmations without a reason."""
        if not self.issues:  # the usual case
            return []
        return self.errors + ([] if self.confirmed else self.confirmations)

    def raise_if_invalid(self) -> None:
        if not self.ok:
            raise RequestInvalid(self)


class RequestInvalid(DomainError):
    """A request that cannot be saved; ``.validation`` holds every issue."""

    def __init__(self, validation: Validation) -> None:
        self.validation = validation
        blocking = validation.blocking()
        super().__init__(
            "request.invalid", field=blocking[0].field if blocking else None, issues=blocking
        )

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        details = " ".join(issue.message_in(lang) for issue in self.params["issues"])
        return text("request.invalid", lang, details=details)


class _Collector:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.issues: list[Issue] = []

    def add(self, severity: str, field_: str, code: str, /, **params: Any) -> None:
        self.issues.append(Issue(field_, code, text(code, self.lang, **params), severity, params))

    def error(self, field_: str, code: str, /, **params: Any) -> None:
        self.add(ERROR, field_, code, **params)

    def from_exception(self, err: DomainError) -> None:
        self.error(err.field or "", err.code, **err.params)


def _fmt(day: date) -> str:
    return f"{day:%d-%m-%Y}"


def _check_desa(data: RequestInput, out: _Collector) -> None:
    code = (data.desa_code or "").strip()
    if not code:
        out.error("desa_code", "desa.required")
        return
    index = regions()
    if index.is_kukar_desa(code):
        return
    change = index.code_change(code)
    new_code = index.current_code(code)
    if change is not None and new_code is not None and index.is_kukar_desa(new_code):
        new = index.get(new_code)
        out.add(
            WARNING,
            "desa_code",
            "desa.old_code",
            region=code,
            name=change.old_name,
            new_code=new_code,
            new_name=new.name if new else change.new_name,
        )
        return
    out.error("desa_code", "desa.unknown", region=code)


def _check_name(name: str, out: _Collector) -> None:
    name = " ".join((name or "").split())
    if not name:
        out.error("name", "name.required")
        return
    if not NAME_MIN <= len(name) <= NAME_MAX:
        out.error("name", "name.length", count=len(name))
    if name.replace(" ", "").isalpha():  # the usual case: letters and single spaces
        return
    bad = sorted({ch for ch in name if not (ch.isalpha() or ch in _NAME_PUNCTUATION)})
    if bad:
        out.error("name", "name.chars", chars=" ".join(f"'{ch}'" for ch in bad))


def _check_person(
    data: RequestInput, nik: NikInfo | None, today: date, out: _Collector
) -> date | None:
    """Birth date and sex, and their agreement with the NIK. Returns the birth date to use
    for age rules (the typed one, else the NIK's)."""
    birth = data.birth_date
    if birth is None:
        out.error("birth_date", "birth_date.required")
    elif birth > today:
        out.error("birth_date", "birth_date.future", date=_fmt(birth))
        birth = None
    elif nik is not None and birth != nik.birth_date:
        out.add(
            CONFIRM,
            "birth_date",
            "birth_date.mismatch",
            typed=_fmt(birth),
            nik_date=_fmt(nik.birth_date),
        )
    if not data.sex:
        out.error("sex", "sex.required")
    elif data.sex not in SEXES:
        out.error("sex", "sex.invalid", value=data.sex)
    elif nik is not None and data.sex != nik.sex:
        out.add(CONFIRM, "sex", "sex.mismatch", typed=data.sex, nik_sex=nik.sex)
    if birth is None and nik is not None:
        birth = nik.birth_date
    return birth


def _check_service(
    data: RequestInput, birth: date | None, marital: str | None, today: date, out: _Collector
) -> None:
    if not data.service:
        out.error("service", "service.required")
        return
    if data.service not in SERVICES:
        out.error("service", "service.unknown", value=data.service)
        return
    age = age_on(birth, data.visit_date or today) if birth is not None else None
    if data.service == "ktp_recording":
        if age is not None and age < ADULT_AGE and marital not in EVER_MARRIED:
            out.error("service", "service.ktp_age", age=age)
    elif data.service == "kia":
        if age is not None and age >= ADULT_AGE:
            out.error("service", "service.kia_age", age=age)
        elif marital in EVER_MARRIED:
            out.error("service", "service.kia_married")
    elif data.service == "ikd_activation" and not data.has_ektp:
        out.error("has_ektp", "service.ikd_needs_ektp")


def _check_status(data: RequestInput, out: _Collector) -> None:
    if data.status not in STATUSES:
        out.error("status", "status.unknown", value=data.status)
    reason = data.pending_reason or None
    if data.status == "pending" and reason is None:
        out.error("pending_reason", "pending_reason.required")
    elif reason is not None and reason not in PENDING_REASONS:
        out.error("pending_reason", "pending_reason.unknown", value=reason)
    elif reason is not None and data.status != "pending":
        out.error("pending_reason", "pending_reason.not_pending")
    elif reason == "other" and not (data.notes or "").strip():
        out.error("notes", "notes.required_for_other")


def _check_contact(data: RequestInput, out: _Collector) -> None:
    for name in ("rt", "rw"):
        value = (getattr(data, name) or "").strip()
        if value and not _RT_RW.fullmatch(value):
            out.error(name, f"{name}.invalid")
    phone = data.phone
    if phone:
        phone = _PHONE_SEPARATORS.sub("", phone)
    if phone:
        digits = phone.lstrip("+")
        if not (_PHONE.fullmatch(phone) and 10 <= len(digits) <= 15):
            out.error("phone", "phone.invalid")


def _add_number_warnings(field_: str, info: NikInfo | KkInfo, out: _Collector) -> None:
    for code, params in zip(info.warning_codes, info.warning_params, strict=True):
        out.add(WARNING, field_, code, **params)


def validate_request(
    data: RequestInput, today: date | None = None, lang: str = DEFAULT_LANGUAGE
) -> Validation:
    """Every issue with ``data``, each naming its field and the fix in ``lang``.

    Errors must be fixed. Warnings may be saved as they are. "confirm" issues (typed birth
    date or sex disagreeing with the NIK, e.g. after a register correction) are accepted
    once the officer gives ``mismatch_reason``.
    """
    today = today or date.today()
    out = _Collector(lang)
    _check_desa(data, out)

    nik_info: NikInfo | None = None
    try:
        nik_info = parse_nik(data.nik or "", today=today, lang=lang)
    except InvalidNik as err:
        out.from_exception(err)
    else:
        if nik_info.warning_codes:  # only for a retired or unlisted region
            _add_number_warnings("nik", nik_info, out)

    kk_info: KkInfo | None = None
    try:
        kk_info = parse_kk(data.kk or "", today=today, lang=lang)
    except InvalidKk as err:
        out.from_exception(err)
    else:
        if kk_info.warning_codes:  # only for a retired or unlisted region
            _add_number_warnings("kk", kk_info, out)

    _check_name(data.name, out)
    birth = _check_person(data, nik_info, today, out)
    marital = data.marital_status or None
    if marital is not None and marital not in MARITAL_STATUSES:
        out.error("marital_status", "marital_status.unknown", value=marital)
        marital = None
    _check_service(data, birth, marital, today, out)
    _check_status(data, out)
    _check_contact(data, out)
    return Validation(out.issues, nik_info, kk_info, data.mismatch_reason or "")


_DATE_FIELDS = ("birth_date", "visit_date")
_OPTIONAL_TEXT = ("sex", "pending_reason", "marital_status")
_REQUIRED = ("desa_code", "nik", "kk", "name", "birth_date", "sex", "service")
_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(RequestInput))
_PLAIN_TEXT = frozenset(_FIELD_NAMES) - {*_DATE_FIELDS, "has_ektp"}
# Per field, in order: its name, whether it is plain text, and the value when the key is
# missing (_REQUIRED_KEY: refuse the dict). Every optional field has a plain default.
_REQUIRED_KEY, _MISSING_KEY = object(), object()
_FROM_DICT = tuple(
    (f.name, f.name in _PLAIN_TEXT, _REQUIRED_KEY if f.name in _REQUIRED else f.default)
    for f in dataclasses.fields(RequestInput)
)
assert dataclasses.MISSING not in (default for _, _, default in _FROM_DICT)


def request_to_dict(data: RequestInput) -> dict[str, Any]:
    """A JSON-safe dict of ``data`` (dates as ISO strings, None kept)."""
    out = dataclasses.asdict(data)
    for name in _DATE_FIELDS:
        value = out[name]
        out[name] = value.isoformat() if value is not None else None
    return out


def request_from_dict(d: dict[str, Any]) -> RequestInput:
    """The inverse of :func:`request_to_dict`. Keys that are not RequestInput fields (such
    as ``visit_uuid`` in a sync envelope) are ignored; a missing required key or a value of
    the wrong type raises DomainError naming the field."""
    values = []
    for name, plain_text, default in _FROM_DICT:
        value = d.get(name, _MISSING_KEY)
        if type(value) is str and plain_text:  # the common case: needs no coercion
            values.append(value)
        elif value is not _MISSING_KEY:
            values.append(_coerce(name, value))
        elif default is _REQUIRED_KEY:
            raise DomainError("request.field_missing", field=name, name=name)
        else:
            values.append(default)
    return RequestInput(*values)


def _coerce(name: str, value: Any) -> Any:
    # Messages name the field only: the value may be personal data.
    if name in _DATE_FIELDS:
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise DomainError("request.field_date", field=name, name=name) from None
    if name == "has_ektp":
        if not isinstance(value, bool):
            raise DomainError("request.field_bool", field=name, name=name)
        return value
    if value is None:
        return None if name in _OPTIONAL_TEXT else ""
    if not isinstance(value, str):
        raise DomainError("request.field_text", field=name, name=name)
    return value
