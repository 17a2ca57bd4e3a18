"""Errors raised by the store, with messages in Indonesian (default) and English.

Domain validation failures are raised as ``app.domain.record.RequestInvalid``; the
errors here cover what only the store can know (stock balance, missing records,
edits to a cancelled request, bad officer or visit input).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "stock_empty": {
        "id": "Stok blanko KTP-el habis: catat penerimaan blanko dulu atau simpan sebagai tertunda",
        "en": "No blank e-KTP cards left: record a card receipt first or save as pending",
    },
    "stock_not_enough": {
        "id": "Stok blanko KTP-el hanya {balance} lembar: jumlah {quantity} melebihi stok",
        "en": "Only {balance} blank e-KTP cards left: {quantity} is more than the stock",
    },
    "quantity_invalid": {
        "id": "Jumlah harus bilangan bulat lebih dari 0",
        "en": "Quantity must be a whole number greater than 0",
    },
    "adjust_invalid": {
        "id": "Koreksi stok harus bilangan bulat selain 0 dan disertai catatan alasannya",
        "en": "A stock adjustment must be a non-zero whole number with a note giving the reason",
    },
    "not_found": {
        "id": "Data {entity} tidak ditemukan",
        "en": "{entity} not found",
    },
    "request_cancelled": {
        "id": "Permohonan ini sudah dibatalkan dan tidak bisa diubah lagi",
        "en": "This request has been cancelled and can no longer be changed",
    },
    "cancel_reason_required": {
        "id": "Alasan pembatalan wajib diisi",
        "en": "Enter the reason for cancelling",
    },
    "visit_required": {
        "id": "Pilih kunjungan untuk permohonan baru",
        "en": "Choose a visit for the new request",
    },
    "field_required": {
        "id": "Kolom {field_label} wajib diisi",
        "en": "The {field_label} field is required",
    },
    "choice_invalid": {
        "id": "Isi kolom {field_label} tidak dikenal: pilih salah satu dari {choices}",
        "en": "Unknown value for {field_label}: choose one of {choices}",
    },
    "visit_outside_officer_kecamatan": {
        "id": "Kecamatan {kecamatan_code} bukan kecamatan tugas Anda ({officer_kecamatan}):"
        " kunjungan hanya bisa dicatat di kecamatan tugas",
        "en": "District {kecamatan_code} is not your assigned district ({officer_kecamatan}):"
        " visits can only be recorded in your district",
    },
    "desa_outside_kecamatan": {
        "id": "Desa {desa_code} tidak berada di kecamatan {kecamatan_code}: pilih desa yang sesuai",
        "en": "Village {desa_code} is not in district {kecamatan_code}: choose a matching village",
    },
    "nip_taken": {
        "id": "NIP {nip} sudah terdaftar untuk petugas lain",
        "en": "NIP {nip} is already registered to another officer",
    },
    "password_short": {
        "id": "Kata sandi minimal {min_length} karakter",
        "en": "The password needs at least {min_length} characters",
    },
    "retention_days_invalid": {
        "id": 'Isi "{field_label}" dengan bilangan bulat dari {minimum} sampai {maximum}',
        "en": 'Enter a whole number from {minimum} to {maximum} for "{field_label}"',
    },
    "store_locked": {
        "id": "Data Jempol di laptop ini terkunci (terenkripsi): masuk dengan kata sandi offline"
        " petugas di aplikasi, atau beri NIP dan kata sandi petugas pada perintah ini",
        "en": "The Jempol data on this laptop is locked (encrypted): sign in with an officer's"
        " offline password in the app, or give this command an officer's NIP and password",
    },
    "wrong_password": {
        "id": "Kata sandi offline salah. Lupa kata sandi? Minta administrator memulihkannya"
        " dengan kunci pemulihan ('jempol recover')",
        "en": "Wrong offline password. Forgot it? Ask an administrator to recover it with the"
        " recovery key ('jempol recover')",
    },
    "wrong_key": {
        "id": "Berkas data tidak bisa dibuka dengan kunci ini: berkas kunci (jempol.keys.json)"
        " bukan milik data ini atau data rusak. Hubungi tim TI Disdukcapil",
        "en": "The data file cannot be opened with this key: the key file (jempol.keys.json)"
        " belongs to other data, or the data is damaged. Contact the Disdukcapil IT team",
    },
    "vault": {
        "id": "Berkas kunci data: {detail}. Hubungi tim TI Disdukcapil",
        "en": "Data key file: {detail}. Contact the Disdukcapil IT team",
    },
    "coordinate_invalid": {
        "id": "Koordinat {field_label} tidak valid: isi angka derajat desimal yang masuk akal",
        "en": "Invalid {field_label}: enter decimal degrees within range",
    },
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "name": {"id": "nama", "en": "name"},
    "nip": {"id": "NIP", "en": "NIP"},
    "password": {"id": "kata sandi", "en": "password"},
    "site": {"id": "lokasi layanan", "en": "service site"},
    "area_type": {"id": "jenis wilayah", "en": "area type"},
    "desa_code": {"id": "desa/kelurahan", "en": "village"},
    "kecamatan_code": {"id": "kecamatan", "en": "district"},
    "visit_date": {"id": "tanggal kunjungan", "en": "visit date"},
    "latitude": {"id": "lintang", "en": "latitude"},
    "longitude": {"id": "bujur", "en": "longitude"},
    "cancel_reason": {"id": "alasan pembatalan", "en": "cancellation reason"},
    "quantity": {"id": "jumlah", "en": "quantity"},
    "note": {"id": "catatan", "en": "note"},
    "visit_uuid": {"id": "kunjungan", "en": "visit"},
    "retention_days": {
        "id": "Hapus data yang sudah disetujui setelah (hari)",
        "en": "Delete approved data after (days)",
    },
}


class StoreError(ValueError):
    """A store rule was broken. ``str(err)`` is the Indonesian message."""

    def __init__(self, code: str, field: str | None = None, **params):
        self.code = code
        self.field = field
        self.params = params
        super().__init__(self.message("id"))

    def message(self, lang: str = "id") -> str:
        texts = MESSAGES[self.code]
        labels = FIELD_LABELS.get(self.field or "", {})
        field_label = labels.get(lang, labels.get("id", self.field or ""))
        return texts.get(lang, texts["id"]).format(field_label=field_label, **self.params)


class StockError(StoreError):
    """Not enough blank e-KTP cards for the requested movement."""


ENTITY_NAMES = {
    "request": {"id": "permohonan", "en": "Request"},
    "visit": {"id": "kunjungan", "en": "Visit"},
    "officer": {"id": "petugas", "en": "Officer"},
}


class NotFound(StoreError):
    """No record with that id; ``.entity`` is "request", "visit" or "officer"."""

    def __init__(self, entity: str):
        self.entity = entity
        super().__init__("not_found")

    def message(self, lang: str = "id") -> str:
        names = ENTITY_NAMES.get(self.entity, {})
        texts = MESSAGES[self.code]
        template = texts.get(lang, texts["id"])
        return template.format(entity=names.get(lang, names.get("id", self.entity)))
