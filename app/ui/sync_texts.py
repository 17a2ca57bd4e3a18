"""Texts of the sync UI in Indonesian (default) and English.

Kept beside the sync client's own messages (``sync.errors``) rather than in the Qt
``.ts`` catalogue: most of what the sync UI shows comes from the client already
translated, and these few labels follow the same ``lang`` switch.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "menu_sync_now": {"id": "Sinkronkan sekarang", "en": "Sync now"},
    "menu_settings": {"id": "Pengaturan server…", "en": "Server settings…"},
    "online": {"id": "● Server terhubung", "en": "● Server online"},
    "offline": {"id": "○ Server tidak terhubung", "en": "○ Server offline"},
    "not_registered": {"id": "○ Belum terdaftar di server", "en": "○ Not registered"},
    "last_success": {"id": "Sinkron terakhir: {when}", "en": "Last sync: {when}"},
    "never": {"id": "Belum pernah sinkron", "en": "Never synced"},
    "syncing": {
        "id": "Mengirim {sent}/{total} data ({kb} KB)…",
        "en": "Sending {sent}/{total} records ({kb} KB)…",
    },
    "pulling": {"id": "Mengambil keputusan verifikasi…", "en": "Fetching review decisions…"},
    "done": {
        "id": "Sinkronisasi selesai: {sent} data terkirim, {pulled} perubahan diterima.",
        "en": "Sync finished: {sent} records sent, {pulled} changes received.",
    },
    "done_rejected": {
        "id": "{rejected} data ditolak server: periksa data bertanda dan perbaiki.",
        "en": "{rejected} records were rejected by the server: check and correct them.",
    },
    "done_purged": {
        "id": "{purged} data yang disetujui lebih dari {days} hari lalu dihapus dari laptop ini.",
        "en": "{purged} records approved more than {days} days ago were removed from this laptop.",
    },
    "failed": {"id": "Sinkronisasi gagal: {message}", "en": "Sync failed: {message}"},
    "busy": {"id": "Sinkronisasi sedang berjalan.", "en": "A sync is already running."},
    "dialog_title": {"id": "Pengaturan server sinkronisasi", "en": "Sync server settings"},
    "dialog_intro": {
        "id": "Daftarkan laptop ini ke server Disdukcapil dengan akun petugas Anda. "
        "Kata sandi tidak disimpan.",
        "en": "Register this laptop with the Disdukcapil server using your officer account. "
        "The password is not stored.",
    },
    "server_url": {"id": "Alamat server", "en": "Server address"},
    "username": {"id": "Nama pengguna", "en": "Username"},
    "password": {"id": "Kata sandi", "en": "Password"},
    "device_name": {"id": "Nama laptop", "en": "Laptop name"},
    "register": {"id": "Daftarkan", "en": "Register"},
    "close": {"id": "Tutup", "en": "Close"},
    "registering": {"id": "Mendaftarkan…", "en": "Registering…"},
    "registered": {
        "id": "Terdaftar sebagai {username} di {url}.",
        "en": "Registered as {username} at {url}.",
    },
    "field_required": {
        "id": "Kolom {field} wajib diisi.",
        "en": "The {field} field is required.",
    },
    "insecure": {
        "id": "Peringatan: alamat http tidak terenkripsi; gunakan https.",
        "en": "Warning: an http address is not encrypted; use https.",
    },
}


def t(key: str, lang: str = "id", **params) -> str:
    texts = TEXTS[key]
    return texts.get(lang, texts["id"]).format(**params)
