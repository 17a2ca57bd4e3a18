"""The shortcuts taken for speed (the server validates every pushed request) give what the
plain code gives: the set behind ``is_kukar_desa`` and the cached region part of a
number."""

from datetime import date

import pytest

from app.domain.kk import InvalidKk, parse_kk
from app.domain.nik import InvalidNik, make_nik, parse_nik
from app.domain.regions import VILLAGE, regions

TODAY = date(2025, 6, 15)

# a NIK of an unlisted district: parsed with a warning
NIK = make_nik("64.02.99", date(2001, 2, 28), "P", 1)


def test_warnings_are_fresh_lists_for_every_parse():
    first, second = (parse_nik(NIK, today=TODAY) for _ in range(2))
    assert first.warning_codes == ["nik.district_unknown"]
    first.warnings.clear()
    first.warning_codes.clear()
    assert second.warning_codes == ["nik.district_unknown"] and second.warnings


@pytest.mark.parametrize("parse, error", [(parse_nik, InvalidNik), (parse_kk, InvalidKk)])
def test_unknown_province_is_refused_every_time(parse, error):
    # the region part is cached; the refusal must not be
    for _ in range(3):
        with pytest.raises(error) as caught:
            parse("0002051708900001", today=TODAY)
        assert caught.value.params == {"region": "00"}


def test_is_kukar_desa_follows_the_region_table():
    index = regions()
    codes = [
        r.code
        for level in ("provinsi", "kabupaten_kota", "kecamatan", VILLAGE)
        for r in index.by_level(level)
    ]
    codes += [r.code for r in index.by_level("kecamatan", retired=True)]
    some_desa = [r.code for r in index.kukar_desa()[:50]]
    codes += [c.replace(".", "") for c in some_desa] + [f" {c} " for c in some_desa]
    codes += ["", "64.02.05.9999", "64.02", "x"]
    for code in codes:
        region = index.get(code)
        expected = (
            region is not None and region.level == VILLAGE and region.code.startswith("64.02.")
        )
        assert index.is_kukar_desa(code) is expected, code
    assert any(index.is_kukar_desa(c) for c in codes)
