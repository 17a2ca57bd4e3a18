import string
from datetime import date

import pytest

from app.domain.messages import LANGUAGES, MESSAGES, DomainError, text
from app.domain.services import (
    MARITAL_STATUSES,
    PENDING_REASONS,
    SERVICES,
    STATUSES,
    age_on,
    label,
)

EXPECTED_SERVICES = {
    "ktp_recording": "Perekaman KTP-el",
    "ktp_printing": "Pencetakan KTP-el",
    "ktp_replacement": "Penggantian KTP-el (hilang/rusak)",
    "kk_change": "Perubahan KK",
    "move_out": "Pindah keluar",
    "move_in": "Pindah datang",
    "birth_certificate": "Akta kelahiran",
    "death_certificate": "Akta kematian",
    "marital_status_change": "Perubahan status perkawinan",
    "kia": "KIA (Kartu Identitas Anak)",
    "ikd_activation": "Aktivasi IKD (Identitas Kependudukan Digital)",
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogue_has_both_languages_with_the_same_parameters():
    for code, templates in MESSAGES.items():
        assert set(templates) == set(LANGUAGES), code
        assert _fields(templates["id"]) == _fields(templates["en"]), code


def test_text_and_fallback():
    assert text("nik.length", count=3).startswith("NIK harus 16 angka")
    assert text("nik.length", "en", count=3).startswith("A NIK has 16 digits")
    assert text("nik.length", "fr", count=3) == text("nik.length", "id", count=3)


def test_domain_error_carries_code_params_field():
    err = DomainError("name.length", "name", count=1)
    assert (err.code, err.field, err.params) == ("name.length", "name", {"count": 1})
    assert str(err) == err.message("id") == text("name.length", count=1)
    assert err.message("en") == text("name.length", "en", count=1)
    with pytest.raises(KeyError):
        DomainError("no.such.code")


def test_service_catalogue():
    assert {code: s.label_id for code, s in SERVICES.items()} == EXPECTED_SERVICES
    for service in SERVICES.values():
        assert service.label_en and service.label_en != service.label_id
        assert service.documents and len(service.documents) == len(service.documents_en)
        assert service.documents_in("en") == service.documents_en
    assert any(
        "surat keterangan lahir" in d.lower() for d in SERVICES["birth_certificate"].documents
    )
    assert any("SKPWNI" in d for d in SERVICES["move_in"].documents)
    assert any("kematian" in d for d in SERVICES["death_certificate"].documents)


def test_labels():
    assert label("ktp_recording") == "Perekaman KTP-el"
    assert label("ktp_recording", "en") == "e-KTP recording"
    assert label("blank_out_of_stock") == "Blanko KTP-el habis"
    assert label("biometric_upload_waiting") == "Menunggu jaringan untuk unggah biometrik"
    assert label("missing_document") == "Dokumen kurang"
    assert label("other") == "Lainnya"
    for code in (*STATUSES, *PENDING_REASONS, *MARITAL_STATUSES):
        assert label(code) and label(code, "en")
    with pytest.raises(KeyError):
        label("nonsense")


def test_age_on():
    born = date(2008, 6, 15)
    assert age_on(born, date(2025, 6, 14)) == 16
    assert age_on(born, date(2025, 6, 15)) == 17
    leapling = date(2008, 2, 29)
    assert age_on(leapling, date(2025, 2, 28)) == 16
    assert age_on(leapling, date(2025, 3, 1)) == 17
    assert age_on(leapling, date(2024, 2, 29)) == 16
