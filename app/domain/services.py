"""The service catalogue, request statuses, pending reasons and marital statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.messages import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Service:
    code: str
    label_id: str
    label_en: str
    documents: tuple[str, ...]  # what the resident must bring, as officers name it
    documents_en: tuple[str, ...] = ()

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.label_en if lang == "en" else self.label_id

    def documents_in(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
        return self.documents_en if lang == "en" and self.documents_en else self.documents


def _service(code: str, label_id: str, label_en: str, *docs: tuple[str, str]) -> Service:
    return Service(code, label_id, label_en, tuple(d[0] for d in docs), tuple(d[1] for d in docs))


_KK_COPY = ("Fotokopi KK", "Photocopy of the family card (KK)")
_KK_ORIGINAL = ("KK asli", "Original family card (KK)")
_KTP_COPY = ("Fotokopi KTP-el", "Photocopy of the e-KTP")

SERVICES: dict[str, Service] = {
    s.code: s
    for s in (
        _service("ktp_recording", "Perekaman KTP-el", "e-KTP recording", _KK_COPY),
        _service(
            "ktp_printing",
            "Pencetakan KTP-el",
            "e-KTP printing",
            _KK_COPY,
            ("Bukti perekaman KTP-el / surat keterangan (Suket)", "e-KTP recording receipt"),
        ),
        _service(
            "ktp_replacement",
            "Penggantian KTP-el (hilang/rusak)",
            "e-KTP replacement (lost/damaged)",
            _KK_COPY,
            (
                "Surat keterangan hilang dari kepolisian (jika hilang)",
                "Police loss report (if lost)",
            ),
            ("KTP-el yang rusak (jika rusak)", "The damaged e-KTP (if damaged)"),
        ),
        _service(
            "kk_change",
            "Perubahan KK",
            "Family card (KK) change",
            _KK_ORIGINAL,
            (
                "Dokumen dasar perubahan (akta kelahiran, buku nikah/akta cerai, "
                "surat keterangan kematian, ijazah)",
                "Supporting document for the change (birth certificate, marriage book/divorce "
                "certificate, death certificate, diploma)",
            ),
            ("Formulir F-1.02 (biodata penduduk)", "Form F-1.02 (resident biodata)"),
        ),
        _service(
            "move_out",
            "Pindah keluar",
            "Moving out",
            _KK_ORIGINAL,
            _KTP_COPY,
            ("Formulir F-1.03 (surat pindah)", "Form F-1.03 (moving form)"),
        ),
        _service(
            "move_in",
            "Pindah datang",
            "Moving in",
            (
                "SKPWNI (Surat Keterangan Pindah WNI) dari daerah asal",
                "SKPWNI (citizen's moving certificate) from the previous region",
            ),
            (
                "KK asli daerah tujuan (jika menumpang KK)",
                "Original KK at the destination (if joining)",
            ),
            _KTP_COPY,
        ),
        _service(
            "birth_certificate",
            "Akta kelahiran",
            "Birth certificate",
            (
                "Surat keterangan lahir dari bidan/dokter/rumah sakit",
                "Birth notice from the midwife/doctor/hospital",
            ),
            _KK_COPY,
            ("Fotokopi buku nikah/akta perkawinan orang tua", "Copy of the parents' marriage book"),
            ("Fotokopi KTP-el orang tua", "Copy of the parents' e-KTPs"),
            ("Fotokopi KTP-el 2 orang saksi", "Copy of two witnesses' e-KTPs"),
        ),
        _service(
            "death_certificate",
            "Akta kematian",
            "Death certificate",
            (
                "Surat keterangan kematian dari desa/kelurahan atau rumah sakit",
                "Death notice from the village office or hospital",
            ),
            _KK_ORIGINAL,
            ("KTP-el almarhum/almarhumah", "The deceased's e-KTP"),
            ("Fotokopi KTP-el pelapor", "Copy of the reporter's e-KTP"),
        ),
        _service(
            "marital_status_change",
            "Perubahan status perkawinan",
            "Marital status change",
            (
                "Buku nikah/akta perkawinan, akta cerai, atau akta kematian pasangan",
                "Marriage book/certificate, divorce certificate, or the spouse's death certificate",
            ),
            _KK_ORIGINAL,
            _KTP_COPY,
        ),
        _service(
            "kia",
            "KIA (Kartu Identitas Anak)",
            "KIA (child identity card)",
            _KK_COPY,
            ("Fotokopi akta kelahiran anak", "Copy of the child's birth certificate"),
            ("Pas foto anak 2x3 (umur 5 tahun ke atas)", "Child's 2x3 photo (aged 5 and over)"),
        ),
        _service(
            "ikd_activation",
            "Aktivasi IKD (Identitas Kependudukan Digital)",
            "IKD activation (digital ID)",
            ("KTP-el asli", "Original e-KTP"),
            (
                "Ponsel Android/iOS dengan nomor dan email aktif",
                "Smartphone with active number and email",
            ),
        ),
    )
}

STATUSES = ("received", "done", "pending", "cancelled")
PENDING_REASONS = ("blank_out_of_stock", "biometric_upload_waiting", "missing_document", "other")
MARITAL_STATUSES = ("belum_kawin", "kawin", "cerai_hidup", "cerai_mati")
EVER_MARRIED = ("kawin", "cerai_hidup", "cerai_mati")
SEXES = ("L", "P")
ADULT_AGE = 17

_LABELS: dict[str, tuple[str, str]] = {
    "received": ("Diterima", "Received"),
    "done": ("Selesai", "Done"),
    "pending": ("Tertunda", "Pending"),
    "cancelled": ("Dibatalkan", "Cancelled"),
    "blank_out_of_stock": ("Blanko KTP-el habis", "e-KTP blank cards out of stock"),
    "biometric_upload_waiting": (
        "Menunggu jaringan untuk unggah biometrik",
        "Waiting for a network to upload biometrics",
    ),
    "missing_document": ("Dokumen kurang", "Missing document"),
    "other": ("Lainnya", "Other"),
    "belum_kawin": ("Belum kawin", "Single"),
    "kawin": ("Kawin", "Married"),
    "cerai_hidup": ("Cerai hidup", "Divorced"),
    "cerai_mati": ("Cerai mati", "Widowed"),
    "L": ("Laki-laki", "Male"),
    "P": ("Perempuan", "Female"),
    "inland": ("Darat/pedalaman", "Inland"),
    "coastal": ("Pesisir", "Coastal"),
}


def label(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Display label of a service, status, pending reason, marital status, sex or area type."""
    service = SERVICES.get(code)
    if service is not None:
        return service.label(lang)
    label_id, label_en = _LABELS[code]
    return label_en if lang == "en" else label_id


def age_on(birth_date: date, day: date) -> int:
    """Completed years on ``day`` (someone born on 29 February turns a year older on 1 March
    in common years)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday
