from app.domain.regions import DISTRICT, PROVINCE, REGENCY, VILLAGE, RegionIndex, dotted, regions


def test_counts_match_the_shipped_lists():
    index = regions()
    assert len(index.by_level(PROVINCE)) == 38
    assert len(index.by_level(REGENCY)) == 514
    assert len(index.by_level(DISTRICT)) == 7285
    assert len(index.kukar_kecamatan()) == 20
    assert len(index.kukar_desa()) == 237
    assert sum(len(index.desa_of(k.code)) for k in index.kukar_kecamatan()) == 237
    assert all(d.level == VILLAGE for d in index.kukar_desa())


def test_regions_is_cached():
    assert regions() is regions()


def test_get_accepts_dotted_and_plain_codes():
    index = regions()
    assert index.get("64.02.05").name == "Muara Badak"
    assert index.get("640205") == index.get("64.02.05")
    assert index.get("64.02.05").area_type == "coastal"
    assert index.get("64").name == "Kalimantan Timur"
    assert index.get("64.02").type == "kabupaten"
    assert index.get("64.72").type == "kota"
    assert index.get("99") is None
    assert dotted("6402052002") == "64.02.05.2002"


def test_kukar_kecamatan_in_code_order():
    codes = [k.code for k in regions().kukar_kecamatan()]
    assert codes == sorted(codes)
    assert codes[0] == "64.02.01" and codes[-1] == "64.02.20"


def test_retired_codes():
    index = regions()
    assert index.is_retired("91.01")
    assert index.retired("91.01.01").name == "Merauke"
    assert not index.is_retired("64.02.05")
    assert index.get("91.01") is None
    assert index.is_known_province("91") and not index.is_known_province("99")


def test_current_code_follows_kukar_changes():
    index = regions()
    # Kedang Ipil moved from Kota Bangun to Kota Bangun Darat.
    assert index.current_code("64.02.08.2001") == "64.02.19.2001"
    assert index.get("64.02.08.2001") is None
    # Renamed in place: the code is still current.
    assert index.current_code("64.02.02.2009") == "64.02.02.2009"
    assert index.code_change("64.02.02.2009").new_name == "Jonggon Jaya"
    assert index.current_code("64.02.99.9999") is None


def test_search_desa_prefers_prefix_matches():
    index = regions()
    found = index.search_desa("kota bangun")
    assert found and all("kota bangun" in r.name.lower() for r in found)
    assert found[0].name.lower().startswith("kota bangun")
    assert len(index.search_desa("a", limit=5)) == 5
    in_kecamatan = index.search_desa("", kecamatan_code="64.02.05")
    assert {r.parent_code for r in in_kecamatan} == {"64.02.05"}
    assert index.search_desa("64.02.05.20")[0].code.startswith("64.02.05.20")
    assert index.search_desa("zzzz") == []


def test_default_area():
    index = regions()
    muara_badak_desa = index.desa_of("64.02.05")[0]
    assert index.default_area(muara_badak_desa.code) == "coastal"
    assert index.default_area(index.desa_of("64.02.01")[0].code) == "inland"
    # Sanga Sanga is unverified in the source: inland by default.
    assert index.default_area(index.desa_of("64.02.15")[0].code) == "inland"
    assert index.default_area("64.02.08.2001") == index.default_area("64.02.19.2001")
    assert index.default_area("nonsense") == "inland"


def test_a_fresh_index_loads_the_same_data():
    fresh = RegionIndex()
    assert [r.code for r in fresh.kukar_desa()] == [r.code for r in regions().kukar_desa()]
