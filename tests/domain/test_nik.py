from datetime import date

import pytest

from app.domain.messages import DomainError
from app.domain.nik import InvalidNik, make_nik, normalize_number, parse_nik

TODAY = date(2025, 6, 15)
MUARA_BADAK = "64.02.05"


def refused(text: str, today: date = TODAY) -> InvalidNik:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(text, today=today)
    return caught.value


def test_decodes_a_man():
    info = parse_nik("6402051708900123", today=TODAY)
    assert info.nik == "6402051708900123"
    assert (info.province_code, info.regency_code, info.district_code) == ("64", "02", "05")
    assert info.region_code == MUARA_BADAK
    assert info.birth_date == date(1990, 8, 17)
    assert info.sex == "L"
    assert info.serial == 123
    assert info.warnings == [] and info.warning_codes == []


def test_woman_has_forty_added_to_the_day():
    info = parse_nik("6402055708900001", today=TODAY)
    assert info.sex == "P"
    assert info.birth_date == date(1990, 8, 17)
    assert parse_nik("6402054101000001", today=TODAY).birth_date == date(2000, 1, 1)
    assert parse_nik("6402057112990001", today=TODAY).birth_date == date(1999, 12, 31)


def test_separators_are_ignored():
    assert normalize_number(" 6402.05-1708 90 0123 ") == "6402051708900123"
    info = parse_nik("6402 0517 0890 0123", today=TODAY)
    assert info.nik == "6402051708900123"
    assert parse_nik("64.02.05-170890-0123", today=TODAY).serial == 123


def test_century_rule_uses_today():
    # 15-06-25 is today: 2025. 16-06-25 would be tomorrow: 1925.
    assert parse_nik("6402051506250001", today=TODAY).birth_date == date(2025, 6, 15)
    assert parse_nik("6402051606250001", today=TODAY).birth_date == date(1925, 6, 16)
    assert parse_nik("6402050101240001", today=TODAY).birth_date == date(2024, 1, 1)
    assert parse_nik("6402050101260001", today=TODAY).birth_date == date(1926, 1, 1)
    # The same NIK read on another day can fall in another century.
    assert parse_nik("6402050101260001", today=date(2026, 1, 1)).birth_date == date(2026, 1, 1)


def test_default_today_is_the_real_date():
    info = parse_nik("6402050101000001")
    assert info.birth_date == date(2000, 1, 1)


@pytest.mark.parametrize(
    ("text", "count"), [("640205170890012", 15), ("64020517089001234", 17), ("1", 1)]
)
def test_wrong_length_says_how_many_digits(text, count):
    err = refused(text)
    assert err.code == "nik.length"
    assert err.field == "nik"
    assert f"{count} angka" in str(err)
    assert f"{count} were typed" in err.message("en")


def test_empty():
    assert refused("").code == "nik.empty"
    assert refused(" - . ").code == "nik.empty"


def test_non_digits_are_named():
    err = refused("64020517089A0123")
    assert err.code == "nik.non_digit"
    assert "'A'" in str(err)
    lookalike = refused("64O2051708900123")
    assert lookalike.code == "nik.non_digit_lookalike"
    assert "O/I/l" in str(lookalike)


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_month_out_of_range(month):
    err = refused(f"64020517{month}900123")
    assert err.code == "nik.month"
    assert f"Bulan lahir {month} tidak ada" in str(err)


@pytest.mark.parametrize("day", ["00", "32", "35", "40", "72", "99"])
def test_day_out_of_range(day):
    err = refused(f"640205{day}08900123")
    assert err.code == "nik.day"
    assert f"Tanggal lahir {day} tidak sah" in str(err)


def test_impossible_calendar_dates():
    err = refused("6402053002900001")
    assert err.code == "nik.date"
    assert "tanggal lahir 30-02 tidak ada" in str(err).lower()
    assert "30-02 does not exist" in err.message("en")
    assert refused("6402057002900001").code == "nik.date"  # woman, 30 Feb
    assert refused("6402053104900001").code == "nik.date"  # 31 April


def test_feb_29_needs_a_leap_year():
    err = refused("6402052902230001")
    assert err.code == "nik.not_leap"
    assert "2023 bukan tahun kabisat" in str(err)
    assert parse_nik("6402052902240001", today=TODAY).birth_date == date(2024, 2, 29)
    assert parse_nik("6402056902000001", today=TODAY).birth_date == date(2000, 2, 29)
    # Before 29-02-2000 had happened, "000229" meant 1900, which was not a leap year.
    err = refused("6402052902000001", today=date(1999, 12, 31))
    assert err.code == "nik.not_leap" and err.params["year"] == 1900


def test_serial_zero():
    err = refused("6402051708900000")
    assert err.code == "nik.serial_zero"
    assert "0000" in str(err)


def test_unknown_province_is_an_error():
    err = refused("9902051708900001")
    assert err.code == "nik.province_unknown"
    assert "99" in str(err)
    assert refused("0002051708900001").code == "nik.province_unknown"


def test_unknown_regency_is_a_warning():
    info = parse_nik("6499011708900001", today=TODAY)
    assert info.warning_codes == ["nik.regency_unknown"]
    assert "64.99" in info.warnings[0]


def test_unknown_district_is_a_warning():
    info = parse_nik("6402991708900001", today=TODAY)
    assert info.warning_codes == ["nik.district_unknown"]
    assert "64.02.99" in info.warnings[0]


def test_retired_codes_are_a_warning_in_the_chosen_language():
    # Merauke (91.01) moved to Papua Selatan (93) in 2022; old NIKs keep 91.01.xx.
    info = parse_nik("9101011708900001", today=TODAY, lang="en")
    assert info.warning_codes == ["nik.region_retired"]
    assert "91.01.01" in info.warnings[0] and "Merauke" in info.warnings[0]
    assert "still valid" in info.warnings[0]
    retired_regency = parse_nik("9101991708900001", today=TODAY)
    assert retired_regency.warning_codes == ["nik.region_retired"]
    assert "91.01" in retired_regency.warnings[0]
    assert "tetap sah" in retired_regency.warnings[0]


def test_invalid_nik_is_a_value_error_and_never_contains_the_number():
    err = refused("6402053002900123")
    assert isinstance(err, DomainError) and isinstance(err, ValueError)
    assert "6402053002900123" not in str(err) and "6402053002900123" not in err.message("en")


def test_nik_is_kept_out_of_repr():
    info = parse_nik("6402051708900123", today=TODAY)
    assert "6402051708900123" not in repr(info)


def test_make_nik():
    assert make_nik(MUARA_BADAK, date(1990, 8, 17), "L", 123) == "6402051708900123"
    assert make_nik("640205", date(1990, 8, 17), "P", 1) == "6402055708900001"
    with pytest.raises(ValueError):
        make_nik(MUARA_BADAK, date(1990, 8, 17), "X", 1)
    with pytest.raises(ValueError):
        make_nik(MUARA_BADAK, date(1990, 8, 17), "L", 0)
    with pytest.raises(ValueError):
        make_nik(MUARA_BADAK, date(1990, 8, 17), "L", 10000)
    with pytest.raises(ValueError):
        make_nik("64.02", date(1990, 8, 17), "L", 1)
