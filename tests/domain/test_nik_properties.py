"""Property tests: make_nik and parse_nik are inverses over real regions and dates."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.kk import make_kk, parse_kk
from app.domain.nik import InvalidNik, make_nik, parse_nik
from app.domain.regions import DISTRICT, regions

TODAY = date(2025, 6, 15)
# The century rule can represent exactly the hundred years ending today.
OLDEST = date(1925, 6, 16)

BOUNDED = settings(max_examples=200, deadline=None)

current_districts = st.sampled_from([r.code for r in regions().by_level(DISTRICT)])
retired_districts = st.sampled_from([r.code for r in regions().by_level(DISTRICT, retired=True)])
birth_dates = st.dates(min_value=OLDEST, max_value=TODAY)
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999)


def test_oldest_and_newest_dates_are_the_century_window():
    assert parse_nik(make_nik("64.02.05", OLDEST, "L", 1), today=TODAY).birth_date == OLDEST
    before = OLDEST - timedelta(days=1)  # 1925-06-15 reads as 2025-06-15
    assert parse_nik(make_nik("64.02.05", before, "L", 1), today=TODAY).birth_date == TODAY


@BOUNDED
@given(region=current_districts, birth=birth_dates, sex=sexes, serial=serials)
def test_made_nik_parses_back(region, birth, sex, serial):
    info = parse_nik(make_nik(region, birth, sex, serial), today=TODAY)
    assert info.region_code == region
    assert info.birth_date == birth
    assert info.sex == sex
    assert info.serial == serial
    assert info.warnings == []


@BOUNDED
@given(region=retired_districts, birth=birth_dates, sex=sexes, serial=serials)
def test_retired_regions_parse_back_with_a_warning(region, birth, sex, serial):
    info = parse_nik(make_nik(region, birth, sex, serial), today=TODAY)
    assert (info.region_code, info.birth_date, info.sex, info.serial) == (
        region,
        birth,
        sex,
        serial,
    )
    assert info.warning_codes == ["nik.region_retired"]


@BOUNDED
@given(
    region=current_districts,
    birth=birth_dates,
    sex=sexes,
    serial=serials,
    position=st.integers(min_value=6, max_value=11),
    digit=st.sampled_from("0123456789"),
)
def test_a_changed_date_digit_is_refused_or_decodes_consistently(
    region, birth, sex, serial, position, digit
):
    nik = make_nik(region, birth, sex, serial)
    mutated = nik[:position] + digit + nik[position + 1 :]
    try:
        info = parse_nik(mutated, today=TODAY)
    except InvalidNik as err:
        assert err.code in {"nik.day", "nik.month", "nik.date", "nik.not_leap"}
        return
    assert make_nik(info.region_code, info.birth_date, info.sex, info.serial) == mutated
    assert OLDEST <= info.birth_date <= TODAY


@BOUNDED
@given(
    region=current_districts,
    issued=st.dates(min_value=date(2000, 1, 1), max_value=TODAY),
    serial=serials,
)
def test_made_kk_parses_back(region, issued, serial):
    info = parse_kk(make_kk(region, issued, serial), today=TODAY)
    assert (info.region_code, info.issue_date, info.serial) == (region, issued, serial)
    assert info.warnings == []
