"""NIK (Nomor Induk Kependudukan), PP 40/2019.

16 digits: 1-6 province, regency and district code where the person was first registered
(never updated after moves or region splits); 7-12 birth date DDMMYY, with 40 added to the
day for women; 13-16 a serial from 0001.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.domain.messages import DEFAULT_LANGUAGE, DomainError, text
from app.domain.regions import regions
from app.domain.services import SEXES

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")
_LOOKALIKES = set("OoIl")
_DIGITS = frozenset("0123456789")


class InvalidNik(DomainError):
    """A refused NIK; ``str(err)`` tells the officer what is wrong, in Indonesian."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code, field="nik", **params)


@dataclass(frozen=True)
class NikInfo:
    nik: str = field(repr=False)  # 16 normalised digits; personal data, kept out of repr
    province_code: str
    regency_code: str
    district_code: str
    region_code: str
    birth_date: date
    sex: str
    serial: int
    warnings: list[str]
    warning_codes: list[str]
    warning_params: list[dict[str, str]] = field(default_factory=list, repr=False)


def normalize_number(text_: str) -> str:
    """Drop the spaces, dots and dashes people type between digits; keep everything else."""
    return _SEPARATORS.sub("", text_ or "")


def digits_or_raise(raw: str, prefix: str, error: type[DomainError]) -> str:
    """Normalise ``raw`` and check it is exactly 16 digits, else raise ``error``.

    ``prefix`` is the message family ("nik" or "kk").
    """
    if raw and raw.isascii() and raw.isdigit():  # nothing to normalise
        if len(raw) == NIK_LENGTH:  # the usual case
            return raw
        number = raw
    else:
        number = normalize_number(raw)
    if not number:
        raise error(f"{prefix}.empty")
    bad = () if number.isascii() and number.isdigit() else sorted(set(number) - _DIGITS)
    if bad:
        chars = ", ".join(f"'{ch}'" for ch in bad)
        lookalike = "_lookalike" if _LOOKALIKES & set(bad) else ""
        raise error(f"{prefix}.non_digit{lookalike}", chars=chars)
    if len(number) != NIK_LENGTH:
        raise error(f"{prefix}.length", count=len(number))
    return number


def region_warnings(number: str, prefix: str, error: type[DomainError]) -> tuple[str, ...]:
    """Check the 6-digit region part; return warning tags, raise for an unknown province.

    A region code that is retired (split or renumbered) or missing from the current list is
    only a warning: a NIK or KK keeps the code it was issued with.
    """
    tags = _region_tags(number[0:6], prefix)
    if tags is None:
        raise error(f"{prefix}.province_unknown", region=number[0:2])
    return tags


@functools.lru_cache(maxsize=4096)
def _region_tags(district: str, prefix: str) -> tuple[str, ...] | None:
    """The warning tags of a 6-digit region part, None when its province is unknown (the
    region lists are read-only, so the answer never changes)."""
    index = regions()
    if not index.is_known_province(district[0:2]):
        return None
    regency_code = f"{district[0:2]}.{district[2:4]}"
    district_code = f"{regency_code}.{district[4:6]}"
    if index.get(district_code) is not None:
        return ()
    if index.is_retired(district_code):
        return (f"{prefix}.region_retired:{district_code}",)
    if index.is_retired(regency_code):
        return (f"{prefix}.region_retired:{regency_code}",)
    if index.get(regency_code) is None:
        return (f"{prefix}.regency_unknown:{regency_code}",)
    return (f"{prefix}.district_unknown:{district_code}",)


def render_warnings(
    tagged: Sequence[str], lang: str
) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Split ``"code:region"`` tags from :func:`region_warnings` into
    (messages in ``lang``, message codes, message parameters)."""
    messages, codes, params = [], [], []
    if not tagged:  # the usual case
        return messages, codes, params
    index = regions()
    for tag in tagged:
        code, region_code = tag.split(":", 1)
        region = index.retired(region_code)
        values = {"region": region_code, "name": region.name if region else ""}
        messages.append(text(code, lang, **values))
        codes.append(code)
        params.append(values)
    return messages, codes, params


def birth_date_from(dd: int, mm: int, yy: int, today: date) -> date:
    """Decode the DDMMYY birth date (day already without the +40) with the century rule:
    20YY unless that date is after ``today``, then 19YY."""
    if not 1 <= mm <= 12:
        raise InvalidNik("nik.month", month=f"{mm:02d}")
    try:
        date(2000, mm, dd)  # 2000 is a leap year: the widest calendar for day-month
    except ValueError:
        raise InvalidNik("nik.date", day=f"{dd:02d}", month=f"{mm:02d}") from None
    for year in (2000 + yy, 1900 + yy):
        try:
            candidate = date(year, mm, dd)
        except ValueError:
            if year == 2000 + yy and date(year, mm, 28) > today:
                continue  # 20YY is in the future anyway; report the 19YY year
            raise InvalidNik("nik.not_leap", year=year) from None
        if candidate <= today:
            return candidate
    # Only reached when 19YY is also after `today`, i.e. with a `today` in the 1900s.
    raise InvalidNik("nik.future", day=f"{dd:02d}", month=f"{mm:02d}", year=1900 + yy)


def parse_nik(text_: str, today: date | None = None, lang: str = DEFAULT_LANGUAGE) -> NikInfo:
    """Decode a typed NIK or raise :class:`InvalidNik` saying what is wrong.

    Spaces, dots and dashes between digits are ignored. Region problems that a real NIK can
    have (a retired or unlisted regency/district code) come back as warnings, in ``lang``.
    """
    today = today or date.today()
    nik = digits_or_raise(text_, "nik", InvalidNik)
    tagged = region_warnings(nik, "nik", InvalidNik)
    ddmmyy = int(nik[6:12])  # one int() instead of three: parse_nik runs for every request
    day, month, year = ddmmyy // 10000, ddmmyy // 100 % 100, ddmmyy % 100
    if 1 <= day <= 31:
        sex = "L"
    elif 1 + FEMALE_DAY_OFFSET <= day <= 31 + FEMALE_DAY_OFFSET:
        sex, day = "P", day - FEMALE_DAY_OFFSET
    else:
        raise InvalidNik("nik.day", day=nik[6:8])
    birth = birth_date_from(day, month, year, today)
    serial = int(nik[12:16])
    if serial == 0:
        raise InvalidNik("nik.serial_zero")
    warnings, codes, params = render_warnings(tagged, lang)
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    return NikInfo(
        nik=nik,
        province_code=province,
        regency_code=regency,
        district_code=district,
        region_code=f"{province}.{regency}.{district}",
        birth_date=birth,
        sex=sex,
        serial=serial,
        warnings=warnings,
        warning_codes=codes,
        warning_params=params,
    )


def region_digits(region_code: str) -> str:
    """``"64.02.05"`` or ``"640205"`` -> ``"640205"``; ValueError for anything else."""
    digits = region_code.replace(".", "")
    if len(digits) != 6 or not digits.isdigit():
        raise ValueError(f"region code must be 6 digits (e.g. 64.02.05), got {region_code!r}")
    return digits


def make_nik(region_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Build the NIK that :func:`parse_nik` decodes back to these parts (tests, demo data)."""
    if sex not in SEXES:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1-9999, got {serial}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return (
        f"{region_digits(region_code)}{day:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{serial:04d}"
    )
