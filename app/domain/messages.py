"""Every user-facing text of the domain rules, in Indonesian ("id", default) and English.

A message is a code (``"nik.length"``) mapped to one ``str.format`` template per language.
Errors carry the code and its parameters, not a rendered string, so the same error can be
shown in either language. No message ever contains a NIK or KK number.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

MESSAGES: dict[str, dict[str, str]] = {
    # --- NIK (nik.py) -------------------------------------------------------------------
    "nik.empty": {
        "id": "NIK belum diisi: ketik 16 angka NIK dari KTP-el atau KK.",
        "en": "NIK is empty: type the 16-digit NIK from the e-KTP or the family card (KK).",
    },
    "nik.non_digit": {
        "id": "NIK hanya boleh berisi angka, tetapi ada {chars}. Ketik ulang dari KTP-el atau KK.",
        "en": "A NIK may contain digits only, but it has {chars}. Retype it from the e-KTP or KK.",
    },
    "nik.non_digit_lookalike": {
        "id": "NIK hanya boleh berisi angka, tetapi ada {chars}: huruf O/I/l sering tertukar "
        "dengan angka 0/1. Ketik ulang dari KTP-el atau KK.",
        "en": "A NIK may contain digits only, but it has {chars}: the letters O/I/l are often "
        "typed for the digits 0/1. Retype it from the e-KTP or KK.",
    },
    "nik.length": {
        "id": "NIK harus 16 angka, yang diketik {count} angka. Periksa lagi dengan KTP-el atau KK.",
        "en": "A NIK has 16 digits; {count} were typed. Check it against the e-KTP or KK.",
    },
    "nik.province_unknown": {
        "id": "Kode provinsi {region} (2 angka pertama NIK) tidak dikenal. "
        "Periksa lagi angka NIK dengan KTP-el atau KK.",
        "en": "Province code {region} (the first 2 digits of the NIK) does not exist. "
        "Check the NIK against the e-KTP or KK.",
    },
    "nik.month": {
        "id": "Bulan lahir {month} tidak ada (harus 01-12). Periksa angka ke-9 dan ke-10 NIK.",
        "en": "Birth month {month} does not exist (must be 01-12). "
        "Check digits 9 and 10 of the NIK.",
    },
    "nik.day": {
        "id": "Tanggal lahir {day} tidak sah: laki-laki 01-31, perempuan 41-71 "
        "(tanggal + 40). Periksa angka ke-7 dan ke-8 NIK.",
        "en": "Birth day {day} is not valid: 01-31 for men, 41-71 for women "
        "(day + 40). Check digits 7 and 8 of the NIK.",
    },
    "nik.date": {
        "id": "Tanggal lahir {day}-{month} tidak ada. Periksa angka ke-7 sampai ke-10 NIK.",
        "en": "Birth date {day}-{month} does not exist. Check digits 7 to 10 of the NIK.",
    },
    "nik.not_leap": {
        "id": "Tanggal lahir 29-02-{year} tidak ada: {year} bukan tahun kabisat. "
        "Periksa angka ke-7 sampai ke-12 NIK.",
        "en": "Birth date 29-02-{year} does not exist: {year} is not a leap year. "
        "Check digits 7 to 12 of the NIK.",
    },
    "nik.future": {
        "id": "Tanggal lahir {day}-{month}-{year} di NIK belum lewat. "
        "Periksa angka ke-7 sampai ke-12 NIK.",
        "en": "Birth date {day}-{month}-{year} in the NIK is in the future. "
        "Check digits 7 to 12 of the NIK.",
    },
    "nik.serial_zero": {
        "id": "Nomor urut NIK (4 angka terakhir) tidak boleh 0000; nomor urut mulai dari 0001. "
        "Periksa lagi dengan KTP-el atau KK.",
        "en": "The NIK serial (its last 4 digits) cannot be 0000; serials start at 0001. "
        "Check it against the e-KTP or KK.",
    },
    "nik.regency_unknown": {
        "id": "Kode kabupaten/kota {region} di NIK tidak ada dalam daftar wilayah. "
        "Pastikan NIK sama dengan KTP-el atau KK; jika sama, lanjutkan.",
        "en": "Regency/city code {region} in the NIK is not in the region list. "
        "Make sure the NIK matches the e-KTP or KK; if it does, carry on.",
    },
    "nik.district_unknown": {
        "id": "Kode kecamatan {region} di NIK tidak ada dalam daftar wilayah. "
        "Pastikan NIK sama dengan KTP-el atau KK; jika sama, lanjutkan.",
        "en": "District code {region} in the NIK is not in the region list. "
        "Make sure the NIK matches the e-KTP or KK; if it does, carry on.",
    },
    "nik.region_retired": {
        "id": "Kode wilayah {region} ({name}) di NIK adalah kode lama sebelum pemekaran. "
        "NIK tidak berubah saat wilayah dimekarkan, jadi NIK ini tetap sah.",
        "en": "Region code {region} ({name}) in the NIK is an old code from before a split. "
        "A NIK does not change when its region is split, so this NIK is still valid.",
    },
    # --- KK number (kk.py) ------------------------------------------------------------
    "kk.empty": {
        "id": "Nomor KK belum diisi: ketik 16 angka nomor KK dari Kartu Keluarga.",
        "en": "KK number is empty: type the 16-digit number from the family card (KK).",
    },
    "kk.non_digit": {
        "id": "Nomor KK hanya boleh berisi angka, tetapi ada {chars}. "
        "Ketik ulang dari Kartu Keluarga.",
        "en": "A KK number may contain digits only, but it has {chars}. "
        "Retype it from the family card.",
    },
    "kk.non_digit_lookalike": {
        "id": "Nomor KK hanya boleh berisi angka, tetapi ada {chars}: huruf O/I/l sering "
        "tertukar dengan angka 0/1. Ketik ulang dari Kartu Keluarga.",
        "en": "A KK number may contain digits only, but it has {chars}: the letters O/I/l are "
        "often typed for the digits 0/1. Retype it from the family card.",
    },
    "kk.length": {
        "id": "Nomor KK harus 16 angka, yang diketik {count} angka. "
        "Periksa lagi dengan Kartu Keluarga.",
        "en": "A KK number has 16 digits; {count} were typed. Check it against the family card.",
    },
    "kk.province_unknown": {
        "id": "Kode provinsi {region} (2 angka pertama nomor KK) tidak dikenal. "
        "Periksa lagi dengan Kartu Keluarga.",
        "en": "Province code {region} (the first 2 digits of the KK number) does not exist. "
        "Check it against the family card.",
    },
    "kk.date": {
        "id": "Tanggal terbit KK {day}-{month}-{year} (angka ke-7 sampai ke-12) tidak ada. "
        "Periksa lagi dengan Kartu Keluarga.",
        "en": "KK issue date {day}-{month}-{year} (digits 7 to 12) does not exist. "
        "Check it against the family card.",
    },
    "kk.future": {
        "id": "Tanggal terbit KK {day}-{month}-{year} (angka ke-7 sampai ke-12) belum lewat. "
        "Periksa lagi dengan Kartu Keluarga.",
        "en": "KK issue date {day}-{month}-{year} (digits 7 to 12) is in the future. "
        "Check it against the family card.",
    },
    "kk.serial_zero": {
        "id": "Nomor urut KK (4 angka terakhir) tidak boleh 0000. Periksa lagi dengan Kartu Keluarga.",
        "en": "The KK serial (its last 4 digits) cannot be 0000. Check it against the family card.",
    },
    "kk.regency_unknown": {
        "id": "Kode kabupaten/kota {region} di nomor KK tidak ada dalam daftar wilayah. "
        "Pastikan sama dengan Kartu Keluarga; jika sama, lanjutkan.",
        "en": "Regency/city code {region} in the KK number is not in the region list. "
        "Make sure it matches the family card; if it does, carry on.",
    },
    "kk.district_unknown": {
        "id": "Kode kecamatan {region} di nomor KK tidak ada dalam daftar wilayah. "
        "Pastikan sama dengan Kartu Keluarga; jika sama, lanjutkan.",
        "en": "District code {region} in the KK number is not in the region list. "
        "Make sure it matches the family card; if it does, carry on.",
    },
    "kk.region_retired": {
        "id": "Kode wilayah {region} ({name}) di nomor KK adalah kode lama sebelum pemekaran; "
        "nomor KK ini tetap sah.",
        "en": "Region code {region} ({name}) in the KK number is an old code from before a "
        "split; this KK number is still valid.",
    },
    # --- request validation (record.py) -----------------------------------------------
    "request.invalid": {
        "id": "Permohonan belum bisa disimpan: {details}",
        "en": "The request cannot be saved yet: {details}",
    },
    "request.field_missing": {
        "id": "Data permohonan tidak lengkap: kolom {name} tidak ada.",
        "en": "The request data is incomplete: the field {name} is missing.",
    },
    "request.field_date": {
        "id": "Isi kolom {name} harus tanggal dalam bentuk TTTT-BB-HH (contoh: 2024-05-31).",
        "en": "The field {name} must be a date written YYYY-MM-DD (e.g. 2024-05-31).",
    },
    "request.field_bool": {
        "id": "Isi kolom {name} harus true atau false.",
        "en": "The field {name} must be true or false.",
    },
    "request.field_text": {
        "id": "Isi kolom {name} harus berupa teks.",
        "en": "The field {name} must be text.",
    },
    "desa.required": {
        "id": "Desa/kelurahan belum dipilih: pilih desa/kelurahan tempat pemohon tinggal.",
        "en": "No village selected: choose the village (desa/kelurahan) where the applicant lives.",
    },
    "desa.unknown": {
        "id": "Kode desa/kelurahan {region} tidak dikenal di Kutai Kartanegara: "
        "pilih desa/kelurahan dari daftar.",
        "en": "Village code {region} is not a village of Kutai Kartanegara: "
        "choose the village from the list.",
    },
    "desa.old_code": {
        "id": "Kode desa {region} ({name}) adalah kode lama; sekarang {new_code} ({new_name}). "
        "Sebaiknya pilih kode baru.",
        "en": "Village code {region} ({name}) is an old code; it is now {new_code} ({new_name}). "
        "Prefer the new code.",
    },
    "name.required": {
        "id": "Nama belum diisi: ketik nama lengkap sesuai KK.",
        "en": "Name is empty: type the full name as written on the KK.",
    },
    "name.length": {
        "id": "Nama harus 2-100 huruf, yang diketik {count}. Ketik nama lengkap sesuai KK.",
        "en": "A name must have 2-100 characters; {count} were typed. "
        "Type the full name as on the KK.",
    },
    "name.chars": {
        "id": "Nama hanya boleh berisi huruf, spasi, tanda petik ('), titik dan tanda hubung (-); "
        "hapus {chars}.",
        "en": "A name may contain only letters, spaces, apostrophes ('), dots and hyphens (-); "
        "remove {chars}.",
    },
    "birth_date.required": {
        "id": "Tanggal lahir belum diisi: isi sesuai KTP-el, KK atau akta kelahiran.",
        "en": "Birth date is empty: fill it in from the e-KTP, KK or birth certificate.",
    },
    "birth_date.future": {
        "id": "Tanggal lahir {date} belum lewat: periksa lagi hari, bulan dan tahunnya.",
        "en": "Birth date {date} is in the future: check the day, month and year.",
    },
    "birth_date.mismatch": {
        "id": "Tanggal lahir {typed} berbeda dengan tanggal di NIK ({nik_date}). Periksa lagi; "
        "jika tanggal lahir di register memang sudah dikoreksi, isi alasan konfirmasi.",
        "en": "Birth date {typed} differs from the date in the NIK ({nik_date}). Check it; "
        "if the register's birth date was corrected, give a confirmation reason.",
    },
    "sex.required": {
        "id": "Jenis kelamin belum dipilih: pilih L (laki-laki) atau P (perempuan).",
        "en": "Sex is not chosen: choose L (male) or P (female).",
    },
    "sex.invalid": {
        "id": "Jenis kelamin {value} tidak sah: pilih L (laki-laki) atau P (perempuan).",
        "en": "Sex {value} is not valid: choose L (male) or P (female).",
    },
    "sex.mismatch": {
        "id": "Jenis kelamin {typed} berbeda dengan NIK ({nik_sex}). Periksa lagi; "
        "jika data di register memang sudah dikoreksi, isi alasan konfirmasi.",
        "en": "Sex {typed} differs from the NIK ({nik_sex}). Check it; "
        "if the register was corrected, give a confirmation reason.",
    },
    "service.required": {
        "id": "Layanan belum dipilih: pilih layanan yang dimohon.",
        "en": "No service chosen: choose the service requested.",
    },
    "service.unknown": {
        "id": "Layanan {value} tidak dikenal: pilih layanan dari daftar.",
        "en": "Service {value} is unknown: choose a service from the list.",
    },
    "service.ktp_age": {
        "id": "Perekaman KTP-el hanya untuk umur 17 tahun ke atas atau yang sudah/pernah kawin; "
        "umur pemohon {age} tahun. Untuk anak pilih layanan KIA, atau perbaiki status "
        "perkawinan.",
        "en": "e-KTP recording is only for residents aged 17 or over or who are or have been "
        "married; the applicant is {age}. For a child choose KIA, or correct the marital "
        "status.",
    },
    "service.kia_age": {
        "id": "KIA hanya untuk anak di bawah 17 tahun yang belum kawin; pemohon berumur {age} "
        "tahun. Pilih Perekaman KTP-el.",
        "en": "KIA is only for unmarried children under 17; the applicant is {age}. "
        "Choose e-KTP recording.",
    },
    "service.kia_married": {
        "id": "KIA hanya untuk anak yang belum kawin: perbaiki status perkawinan atau pilih "
        "Perekaman KTP-el.",
        "en": "KIA is only for unmarried children: correct the marital status or choose "
        "e-KTP recording.",
    },
    "service.ikd_needs_ektp": {
        "id": "Aktivasi IKD memerlukan perekaman KTP-el yang sudah ada. Centang 'sudah rekam "
        "KTP-el' jika sudah, atau pilih Perekaman KTP-el dulu.",
        "en": "IKD activation needs an existing e-KTP recording. Tick 'e-KTP already "
        "recorded' if so, or choose e-KTP recording first.",
    },
    "status.unknown": {
        "id": "Status {value} tidak dikenal: pilih diterima, selesai, tertunda atau dibatalkan.",
        "en": "Status {value} is unknown: choose received, done, pending or cancelled.",
    },
    "pending_reason.required": {
        "id": "Status tertunda perlu alasan: pilih alasan penundaan.",
        "en": "A pending request needs a reason: choose why it is pending.",
    },
    "pending_reason.unknown": {
        "id": "Alasan penundaan {value} tidak dikenal: pilih alasan dari daftar.",
        "en": "Pending reason {value} is unknown: choose a reason from the list.",
    },
    "pending_reason.not_pending": {
        "id": "Alasan penundaan hanya untuk status tertunda: kosongkan alasan atau ubah status "
        "menjadi tertunda.",
        "en": "A pending reason only goes with the pending status: clear the reason or set the "
        "status to pending.",
    },
    "notes.required_for_other": {
        "id": "Alasan penundaan 'Lainnya' perlu keterangan: tulis alasannya di catatan.",
        "en": "The pending reason 'Other' needs an explanation: write it in the notes.",
    },
    "rt.invalid": {
        "id": "RT harus berupa angka, paling banyak 3 angka (contoh: 004).",
        "en": "RT must be a number of at most 3 digits (e.g. 004).",
    },
    "rw.invalid": {
        "id": "RW harus berupa angka, paling banyak 3 angka (contoh: 002).",
        "en": "RW must be a number of at most 3 digits (e.g. 002).",
    },
    "phone.invalid": {
        "id": "Nomor HP tidak sah: tulis 10-15 angka yang diawali 08 atau +628 "
        "(contoh: 0812 3456 7890), atau kosongkan.",
        "en": "Phone number is not valid: write 10-15 digits starting with 08 or +628 "
        "(e.g. 0812 3456 7890), or leave it empty.",
    },
    "marital_status.unknown": {
        "id": "Status perkawinan {value} tidak dikenal: pilih belum kawin, kawin, cerai hidup "
        "atau cerai mati.",
        "en": "Marital status {value} is unknown: choose single, married, divorced or widowed.",
    },
}


def text(code: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message ``code`` in ``lang`` ("id" or "en"; anything else falls back to "id")."""
    templates = MESSAGES[code]
    template = templates.get(lang) or templates[DEFAULT_LANGUAGE]
    return template.format(**params)


class DomainError(ValueError):
    """A refused value. Carries a message code, its parameters and the field it concerns."""

    def __init__(self, code: str, /, field: str | None = None, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown message code {code!r}")
        self.code = code
        self.params = params
        self.field = field
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return text(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.message(DEFAULT_LANGUAGE)
