from datetime import date

import pytest

from app.domain.kk import InvalidKk, make_kk, parse_kk

TODAY = date(2025, 6, 15)


def refused(text: str) -> InvalidKk:
    with pytest.raises(InvalidKk) as caught:
        parse_kk(text, today=TODAY)
    return caught.value


def test_decodes_a_kk_number():
    info = parse_kk("6402 0504 0319 0007", today=TODAY)
    assert info.kk == "6402050403190007"
    assert info.region_code == "64.02.05"
    assert info.issue_date == date(2019, 3, 4)
    assert info.serial == 7
    assert info.warnings == []
    assert "6402050403190007" not in repr(info)


def test_issue_day_has_no_forty_offset():
    err = refused("6402054403190007")
    assert err.code == "kk.date"
    assert err.field == "kk"
    assert "44-03-2019" in str(err)


def test_impossible_and_future_issue_dates():
    assert refused("6402053002200001").code == "kk.date"
    assert refused("6402050113200001").code == "kk.date"
    err = refused("6402051606250001")  # tomorrow
    assert err.code == "kk.future"
    assert "16-06-2025" in str(err) and "belum lewat" in str(err)
    assert "in the future" in err.message("en")
    assert parse_kk("6402051506250001", today=TODAY).issue_date == TODAY


def test_length_digits_serial_and_province():
    err = refused("64020504031900")
    assert err.code == "kk.length" and "14 angka" in str(err)
    assert refused("").code == "kk.empty"
    assert refused("640205040319000x").code == "kk.non_digit"
    assert refused("6402050403190000").code == "kk.serial_zero"
    assert refused("9902050403190001").code == "kk.province_unknown"


def test_region_leniency_matches_the_nik():
    assert parse_kk("6402990403190001", today=TODAY).warning_codes == ["kk.district_unknown"]
    assert parse_kk("6499990403190001", today=TODAY).warning_codes == ["kk.regency_unknown"]
    retired = parse_kk("9101010403190001", today=TODAY, lang="en")
    assert retired.warning_codes == ["kk.region_retired"]
    assert "still valid" in retired.warnings[0]


def test_make_kk():
    assert make_kk("64.02.05", date(2019, 3, 4), 7) == "6402050403190007"
    with pytest.raises(ValueError):
        make_kk("64.02.05", date(1999, 3, 4), 7)
    with pytest.raises(ValueError):
        make_kk("64.02.05", date(2019, 3, 4), 0)
