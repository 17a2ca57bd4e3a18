"""KK number (Nomor Kartu Keluarga).

16 digits: 1-6 the region code of the issuing district, 7-12 the issue date DDMMYY (no +40),
13-16 a serial from 0001. KK numbers in this form come from SIAK, so the year is 20YY and an
issue date after today is refused. Region codes get the same leniency as in a NIK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.messages import DEFAULT_LANGUAGE, DomainError
from app.domain.nik import digits_or_raise, region_digits, region_warnings, render_warnings


class InvalidKk(DomainError):
    """A refused KK number; ``str(err)`` tells the officer what is wrong, in Indonesian."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code, field="kk", **params)


@dataclass(frozen=True)
class KkInfo:
    kk: str = field(repr=False)  # 16 normalised digits; personal data, kept out of repr
    region_code: str  # "64.02.05"
    issue_date: date
    serial: int
    warnings: list[str]
    warning_codes: list[str]
    warning_params: list[dict[str, str]] = field(default_factory=list, repr=False)


def parse_kk(text_: str, today: date | None = None, lang: str = DEFAULT_LANGUAGE) -> KkInfo:
    """Decode a typed KK number or raise :class:`InvalidKk` saying what is wrong."""
    today = today or date.today()
    kk = digits_or_raise(text_, "kk", InvalidKk)
    tagged = region_warnings(kk, "kk", InvalidKk)
    # 16-digit KK numbers date from the SIAK era (2006 on): the year is 20YY, never 19YY.
    ddmmyy = int(kk[6:12])
    day, month, year = ddmmyy // 10000, ddmmyy // 100 % 100, 2000 + ddmmyy % 100
    try:
        issued = date(year, month, day)
    except ValueError:
        raise InvalidKk("kk.date", day=kk[6:8], month=kk[8:10], year=year) from None
    if issued > today:
        raise InvalidKk("kk.future", day=kk[6:8], month=kk[8:10], year=year)
    serial = int(kk[12:16])
    if serial == 0:
        raise InvalidKk("kk.serial_zero")
    warnings, codes, params = render_warnings(tagged, lang)
    return KkInfo(
        kk=kk,
        region_code=f"{kk[0:2]}.{kk[2:4]}.{kk[4:6]}",
        issue_date=issued,
        serial=serial,
        warnings=warnings,
        warning_codes=codes,
        warning_params=params,
    )


def make_kk(region_code: str, issue_date: date, serial: int) -> str:
    """Build the KK number that :func:`parse_kk` decodes back to these parts."""
    if not 2000 <= issue_date.year <= 2099:
        raise ValueError(f"issue year must be 2000-2099, got {issue_date.year}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1-9999, got {serial}")
    return f"{region_digits(region_code)}{issue_date:%d%m%y}{serial:04d}"
