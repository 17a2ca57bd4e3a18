import json
from dataclasses import replace
from datetime import date

import pytest

from app.domain.kk import make_kk
from app.domain.messages import DomainError
from app.domain.nik import make_nik
from app.domain.record import (
    RequestInput,
    RequestInvalid,
    request_from_dict,
    request_to_dict,
    validate_request,
)
from app.domain.regions import regions

TODAY = date(2025, 6, 15)
DESA = regions().desa_of("64.02.05")[0].code
ADULT_BIRTH = date(1990, 8, 17)
CHILD_BIRTH = date(2015, 1, 10)


def request(**changes) -> RequestInput:
    birth = changes.pop("nik_birth", changes.get("birth_date", ADULT_BIRTH))
    sex = changes.pop("nik_sex", changes.get("sex", "L"))
    base = RequestInput(
        desa_code=DESA,
        nik=make_nik("64.02.05", birth, sex, 12),
        kk=make_kk("64.02.05", date(2019, 3, 4), 7),
        name="Siti Nur'aini",
        birth_date=ADULT_BIRTH,
        sex="L",
        service="ktp_printing",
    )
    return replace(base, **changes)


def issues(data: RequestInput, lang: str = "id") -> dict[str, tuple[str, str]]:
    result = validate_request(data, today=TODAY, lang=lang)
    return {i.field: (i.code, i.severity) for i in result.issues}


def test_a_complete_request_is_ok():
    result = validate_request(request(), today=TODAY)
    assert result.issues == []
    assert result.ok
    assert result.nik_info.birth_date == ADULT_BIRTH
    assert result.kk_info.serial == 7
    result.raise_if_invalid()


def test_birth_date_mismatch_needs_a_reason():
    data = request(birth_date=date(1990, 8, 18), nik_birth=ADULT_BIRTH)
    result = validate_request(data, today=TODAY)
    assert [(i.field, i.code, i.severity) for i in result.issues] == [
        ("birth_date", "birth_date.mismatch", "confirm")
    ]
    assert not result.errors and not result.ok
    assert "18-08-1990" in result.confirmations[0].message
    assert "17-08-1990" in result.confirmations[0].message
    with pytest.raises(RequestInvalid) as caught:
        result.raise_if_invalid()
    assert caught.value.field == "birth_date"
    assert "alasan konfirmasi" in str(caught.value)
    assert "confirmation reason" in caught.value.message("en")

    answered = validate_request(replace(data, mismatch_reason="Koreksi akta 2019"), today=TODAY)
    assert answered.confirmations and answered.ok
    blank = validate_request(replace(data, mismatch_reason="   "), today=TODAY)
    assert not blank.ok


def test_sex_mismatch_needs_a_reason():
    data = request(sex="P", nik_sex="L")
    assert issues(data) == {"sex": ("sex.mismatch", "confirm")}
    assert validate_request(replace(data, mismatch_reason="Register dikoreksi"), today=TODAY).ok


def test_a_reason_does_not_excuse_errors():
    data = request(name="", mismatch_reason="alasan")
    assert not validate_request(data, today=TODAY).ok


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"nik": "123"}, "nik", "nik.length"),
        ({"nik": "6402053002900012"}, "nik", "nik.date"),
        ({"kk": "6402050403190000"}, "kk", "kk.serial_zero"),
        ({"kk": ""}, "kk", "kk.empty"),
        ({"name": ""}, "name", "name.required"),
        ({"name": "A"}, "name", "name.length"),
        ({"name": "B" * 101}, "name", "name.length"),
        ({"name": "Budi 2"}, "name", "name.chars"),
        ({"name": "Budi, S.Pd"}, "name", "name.chars"),
        ({"desa_code": ""}, "desa_code", "desa.required"),
        ({"desa_code": "64.02.05"}, "desa_code", "desa.unknown"),
        ({"desa_code": "64.01.01.2001"}, "desa_code", "desa.unknown"),
        ({"service": ""}, "service", "service.required"),
        ({"service": "passport"}, "service", "service.unknown"),
        ({"status": "lost"}, "status", "status.unknown"),
        ({"status": "pending"}, "pending_reason", "pending_reason.required"),
        (
            {"status": "pending", "pending_reason": "rain"},
            "pending_reason",
            "pending_reason.unknown",
        ),
        ({"pending_reason": "missing_document"}, "pending_reason", "pending_reason.not_pending"),
        ({"status": "pending", "pending_reason": "other"}, "notes", "notes.required_for_other"),
        ({"sex": None, "nik_sex": "L"}, "sex", "sex.required"),
        ({"sex": "X", "nik_sex": "L"}, "sex", "sex.invalid"),
        ({"birth_date": None, "nik_birth": ADULT_BIRTH}, "birth_date", "birth_date.required"),
        ({"birth_date": date(2025, 6, 16)}, "birth_date", "birth_date.future"),
        ({"rt": "1234"}, "rt", "rt.invalid"),
        ({"rw": "0a"}, "rw", "rw.invalid"),
        ({"phone": "12345"}, "phone", "phone.invalid"),
        ({"phone": "0812 345"}, "phone", "phone.invalid"),
        ({"phone": "+62 812 3456 7890 1234"}, "phone", "phone.invalid"),
        ({"phone": "0212345678"}, "phone", "phone.invalid"),
        ({"marital_status": "janda"}, "marital_status", "marital_status.unknown"),
    ],
)
def test_each_error_names_its_field(changes, field, code):
    result = validate_request(request(**changes), today=TODAY)
    assert (field, code) in [(i.field, i.code) for i in result.errors]
    assert not result.ok


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "Muh. Ma'ruf Al-Amin"},
        {"name": "Ñoño Dewi"},
        {"name": "  Siti   Aminah  "},
        {"rt": "004", "rw": "12"},
        {"phone": "0812-3456-7890"},
        {"phone": "+62 812 3456 7890"},
        {"phone": "62 812 3456 789"},
        {"status": "pending", "pending_reason": "blank_out_of_stock"},
        {"status": "pending", "pending_reason": "other", "notes": "Pemohon sakit"},
        {"status": "done"},
        {"marital_status": "kawin"},
        {"marital_status": ""},
    ],
)
def test_valid_variants(changes):
    assert validate_request(request(**changes), today=TODAY).issues == []


def test_old_kukar_desa_code_is_a_warning():
    result = validate_request(request(desa_code="64.02.08.2001"), today=TODAY)
    assert [(i.field, i.code, i.severity) for i in result.issues] == [
        ("desa_code", "desa.old_code", "warning")
    ]
    assert "64.02.19.2001" in result.warnings[0].message
    assert result.ok


def test_region_warnings_from_the_numbers_are_passed_on():
    data = request(nik=make_nik("91.01.01", ADULT_BIRTH, "L", 3), kk="6402990403190001")
    result = validate_request(data, today=TODAY, lang="en")
    assert [(i.field, i.code) for i in result.warnings] == [
        ("nik", "nik.region_retired"),
        ("kk", "kk.district_unknown"),
    ]
    assert result.ok
    assert result.warnings[0].message_in("id") != result.warnings[0].message


class TestEligibility:
    def test_ktp_recording_needs_17_years(self):
        young = request(service="ktp_recording", birth_date=date(2008, 6, 16))
        assert issues(young) == {"service": ("service.ktp_age", "error")}
        assert "16 tahun" in validate_request(young, today=TODAY).errors[0].message
        on_birthday = request(service="ktp_recording", birth_date=date(2008, 6, 15))
        assert validate_request(on_birthday, today=TODAY).ok

    def test_ktp_recording_age_on_the_visit_date(self):
        young = request(
            service="ktp_recording", birth_date=date(2008, 6, 15), visit_date=date(2025, 6, 14)
        )
        assert issues(young) == {"service": ("service.ktp_age", "error")}

    @pytest.mark.parametrize("status", ["kawin", "cerai_hidup", "cerai_mati"])
    def test_ktp_recording_for_married_minors(self, status):
        married = request(
            service="ktp_recording", birth_date=date(2009, 1, 1), marital_status=status
        )
        assert validate_request(married, today=TODAY).ok

    def test_ktp_recording_for_unmarried_minor_refused(self):
        single = request(
            service="ktp_recording", birth_date=date(2009, 1, 1), marital_status="belum_kawin"
        )
        assert issues(single) == {"service": ("service.ktp_age", "error")}

    def test_kia_for_unmarried_children_only(self):
        assert validate_request(request(service="kia", birth_date=CHILD_BIRTH), today=TODAY).ok
        adult = request(service="kia", birth_date=date(2008, 6, 15))
        assert issues(adult) == {"service": ("service.kia_age", "error")}
        married_child = request(service="kia", birth_date=date(2009, 1, 1), marital_status="kawin")
        assert issues(married_child) == {"service": ("service.kia_married", "error")}

    def test_ikd_needs_an_ektp(self):
        assert issues(request(service="ikd_activation")) == {
            "has_ektp": ("service.ikd_needs_ektp", "error")
        }
        assert validate_request(request(service="ikd_activation", has_ektp=True), today=TODAY).ok

    def test_age_falls_back_to_the_nik_birth_date(self):
        data = request(service="kia", birth_date=None, nik_birth=date(2000, 1, 1))
        assert issues(data) == {
            "birth_date": ("birth_date.required", "error"),
            "service": ("service.kia_age", "error"),
        }


def test_messages_in_both_languages():
    data = request(name="", phone="12")
    indonesian = validate_request(data, today=TODAY)
    english = validate_request(data, today=TODAY, lang="en")
    assert [i.message for i in indonesian.errors] == [
        "Nama belum diisi: ketik nama lengkap sesuai KK.",
        "Nomor HP tidak sah: tulis 10-15 angka yang diawali 08 atau +628 "
        "(contoh: 0812 3456 7890), atau kosongkan.",
    ]
    assert english.errors[0].message == "Name is empty: type the full name as written on the KK."
    assert [i.message_in("en") for i in indonesian.errors] == [i.message for i in english.errors]
    err = RequestInvalid(indonesian)
    assert str(err).startswith("Permohonan belum bisa disimpan: Nama belum diisi")
    assert err.message("en").startswith("The request cannot be saved yet: Name is empty")
    assert err.validation is indonesian and err.field == "name"


def test_dict_round_trip_is_json_safe():
    data = request(
        status="pending",
        pending_reason="other",
        notes="Menunggu wali",
        visit_date=date(2025, 6, 14),
        has_ektp=True,
        marital_status="kawin",
        rt="003",
    )
    as_json = json.dumps(request_to_dict(data))
    back = request_from_dict(json.loads(as_json))
    assert back == data
    assert request_to_dict(data)["birth_date"] == "1990-08-17"
    assert request_to_dict(replace(data, birth_date=None))["birth_date"] is None


def test_from_dict_ignores_extra_keys_and_fills_defaults():
    d = request_to_dict(request())
    for optional in ("notes", "rt", "visit_date", "has_ektp", "pending_reason"):
        del d[optional]
    d["visit_uuid"] = "abc"
    back = request_from_dict(d)
    assert back == request()
    d["address"] = None
    assert request_from_dict(d).address == ""


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("birth_date", "17/08/1990", "request.field_date"),
        ("has_ektp", "yes", "request.field_bool"),
        ("nik", 6402051708900123, "request.field_text"),
    ],
)
def test_from_dict_refuses_bad_values_without_echoing_them(key, value, code):
    d = request_to_dict(request())
    d[key] = value
    with pytest.raises(DomainError) as caught:
        request_from_dict(d)
    assert (caught.value.code, caught.value.field) == (code, key)
    assert "6402051708900123" not in str(caught.value)


def test_from_dict_missing_required_key():
    d = request_to_dict(request())
    del d["service"]
    with pytest.raises(DomainError) as caught:
        request_from_dict(d)
    assert caught.value.code == "request.field_missing" and caught.value.field == "service"


def test_repr_hides_personal_data():
    text = repr(request(phone="081234567890", address="Jl. Mawar 3"))
    assert "Siti" not in text and "081234567890" not in text and "Mawar" not in text
