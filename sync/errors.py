"""The sync client's own error types.

Every transport failure (requests/urllib3 exceptions, HTTP error answers, answers
that cannot be read) is converted into one of these at a single boundary,
``sync.transport.Transport``. Each carries a stable ``code``, the ``action`` the
caller should take (see ``sync.protocol.ACTIONS``), the CLI exit code, and a
user-facing message in Indonesian (default) or English. Messages never contain a
NIK, a password or a device token.
"""

from __future__ import annotations

from sync import protocol

# Exit codes of jempol-sync (also in docs/sync.md and `jempol-sync --help`).
EXIT_OK = 0
EXIT_STOP = 1  # needs a person: update the app, call the admin, fix the setup
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_AUTH = 4
EXIT_REJECTED = 5
EXIT_LOCKED = 6
EXIT_DATA_LOCKED = 7  # the encrypted data is not unlocked (no key for scheduled sync)

# Client-side codes (the server's codes come from sync.protocol.ERROR_CODES).
LOCAL_MESSAGES: dict[str, dict[str, str]] = {
    "unreachable": {
        "id": "Server tidak dapat dihubungi ({detail}). Data tetap aman di laptop; "
        "sinkronisasi akan dicoba lagi nanti.",
        "en": "The server cannot be reached ({detail}). The data stays safe on this laptop; "
        "sync will be tried again later.",
    },
    "timeout": {
        "id": "Server tidak menjawab tepat waktu (jaringan lambat). Data tetap aman di laptop; "
        "sinkronisasi akan dicoba lagi nanti.",
        "en": "The server did not answer in time (slow network). The data stays safe on this "
        "laptop; sync will be tried again later.",
    },
    "bad_response": {
        "id": "Jawaban server tidak dapat dibaca ({detail}). Sinkronisasi akan dicoba lagi.",
        "en": "The server's answer cannot be read ({detail}). Sync will be tried again.",
    },
    "not_registered": {
        "id": "Laptop ini belum terdaftar di server. Jalankan: jempol-sync register "
        "--server URL --username NAMA",
        "en": "This laptop is not registered with a server. Run: jempol-sync register "
        "--server URL --username NAME",
    },
    "locked": {
        "id": "Sinkronisasi lain sedang berjalan untuk data ini. Tunggu sampai selesai.",
        "en": "Another sync is running for this data. Wait until it finishes.",
    },
    "bad_url": {
        "id": "Alamat server tidak valid: {detail}. Contoh: https://jempol.kukarkab.go.id",
        "en": "Invalid server address: {detail}. Example: https://jempol.kukarkab.go.id",
    },
    "http_error": {
        "id": "Server menjawab dengan kesalahan HTTP {detail}.",
        "en": "The server answered with HTTP error {detail}.",
    },
    "insecure_http": {
        "id": "Alamat server {detail} memakai http tanpa enkripsi: NIK, data warga dan kata "
        "sandi akan terkirim terbuka. Gunakan alamat https://, atau izinkan http dengan sadar "
        "(--allow-insecure-http / pengaturan allow_insecure_http) hanya di jaringan kantor "
        "yang tepercaya.",
        "en": "The server address {detail} uses unencrypted http: NIKs, residents' data and "
        "passwords would travel in the clear. Use an https:// address, or knowingly allow "
        "http (--allow-insecure-http / setting allow_insecure_http) only on a trusted office "
        "network.",
    },
    "ca_bundle": {
        "id": "Berkas sertifikat CA tidak dapat dibaca: {detail}. Periksa jalur --ca-bundle "
        "(berkas PEM dari admin kantor).",
        "en": "The CA certificate file cannot be read: {detail}. Check the --ca-bundle path "
        "(a PEM file from the office admin).",
    },
}

# Why the server could not be reached (the ``detail`` of an "unreachable" error).
REASONS: dict[str, dict[str, str]] = {
    "refused": {"id": "koneksi ditolak", "en": "connection refused"},
    "dns": {"id": "nama server tidak dikenal", "en": "unknown server name"},
    "dropped": {"id": "koneksi terputus", "en": "connection dropped"},
    "tls": {
        "id": "sertifikat/TLS bermasalah; untuk CA internal kantor pakai --ca-bundle",
        "en": "certificate/TLS problem; for an office's internal CA use --ca-bundle",
    },
    "network": {"id": "gangguan jaringan", "en": "network failure"},
}

LOCAL_ACTIONS = {
    "unreachable": protocol.RETRY,
    "timeout": protocol.RETRY,
    "bad_response": protocol.RETRY,
    "not_registered": protocol.REREGISTER,
    "locked": protocol.RETRY,
    "bad_url": protocol.STOP,
    "http_error": protocol.STOP,
    "insecure_http": protocol.STOP,
    "ca_bundle": protocol.STOP,
}
SETUP_CODES = frozenset({"bad_url", "insecure_http", "ca_bundle"})  # exit as usage errors


class SyncError(Exception):
    """A sync failure with ``code``, ``action``, ``exit_code`` and a translated message."""

    def __init__(self, code: str, detail: str | None = None, status: int | None = None):
        self.code = code
        self.detail = detail
        self.status = status
        super().__init__(self.message("id"))

    @property
    def action(self) -> str:
        if self.code in LOCAL_ACTIONS:
            return LOCAL_ACTIONS[self.code]
        return protocol.error_action(self.code)

    @property
    def exit_code(self) -> int:
        action = self.action
        if self.code == "locked":
            return EXIT_LOCKED
        if self.code in SETUP_CODES:
            return EXIT_USAGE
        if action == protocol.REREGISTER:
            return EXIT_AUTH
        if action in (protocol.RETRY, protocol.SPLIT):
            return EXIT_UNREACHABLE
        return EXIT_STOP

    @property
    def retryable(self) -> bool:
        return self.action in (protocol.RETRY, protocol.SPLIT)

    def message(self, lang: str = "id") -> str:
        if self.code in LOCAL_MESSAGES:
            texts = LOCAL_MESSAGES[self.code]
            detail = self.detail or "-"
            if self.detail in REASONS:
                detail = REASONS[self.detail].get(lang, REASONS[self.detail]["id"])
            return texts.get(lang, texts["id"]).format(detail=detail)
        base = protocol.error_message(self.code, lang)
        if not self.detail or self.detail == base:
            return base
        if self.detail.startswith(base):  # the server already said it in full
            return self.detail if lang == "id" else f"{base}{self.detail[len(base) :]}"
        return f"{base} ({self.detail})"


class Unreachable(SyncError):
    """No answer: connection refused/reset, DNS, timeout, truncated answer."""


class ServerError(SyncError):
    """The server answered with an error code (``sync.protocol.ERROR_CODES``)."""


class AuthRefused(ServerError):
    """The device token is missing, unknown, expired or revoked: register again."""


class SyncLocked(SyncError):
    def __init__(self) -> None:
        super().__init__("locked")


class NotRegistered(AuthRefused):
    def __init__(self) -> None:
        super().__init__("not_registered")
