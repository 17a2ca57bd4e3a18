"""``jempol-sync``: register, push, pull, run, status, export-bundle and relay-bundle.

Messages are in Indonesian unless ``--lang en`` is given. Exit codes are listed in
``EXIT_CODES_HELP`` (shown by ``--help``) and in docs/sync.md.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from pathlib import Path

from app.logs import remove_handlers
from sync.client import (
    SyncClient,
    SyncConfig,
    clock_warning,
    open_store,
    register_device,
    sync_lock,
)
from sync.errors import (
    EXIT_AUTH,
    EXIT_DATA_LOCKED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_STOP,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    SyncError,
)
from sync.relay import export_bundle, relay_bundle
from sync.transport import (
    SETTING_ALLOW_INSECURE_HTTP,
    SETTING_CA_BUNDLE,
    Transport,
    TransportConfig,
    apply_settings,
    is_insecure,
    normalize_server_url,
)

EXIT_CODES_HELP = f"""exit codes:
  {EXIT_OK}  everything sent was acknowledged (and pulled, for pull/run)
  {EXIT_STOP}  stopped: needs a person (update the app, call the admin)
  {EXIT_USAGE}  usage error (bad arguments)
  {EXIT_UNREACHABLE}  server unreachable or busy: data kept, try again later
  {EXIT_AUTH}  the server refused this device: register again
  {EXIT_REJECTED}  some records were rejected: correct them in the app
  {EXIT_LOCKED}  another sync is running for this data directory
  {EXIT_DATA_LOCKED}  the encrypted data is locked: sign in once in the app (scheduled sync
     then keeps the key in the Windows credential store), or give --officer-nip
"""

TEXTS = {
    "registered": {
        "id": "Terdaftar sebagai {username} ({role}) di {url}; ID perangkat {device_id}.",
        "en": "Registered as {username} ({role}) at {url}; device id {device_id}.",
    },
    "insecure": {
        "id": "PERINGATAN: {url} memakai http tanpa enkripsi; gunakan https di luar laptop ini.",
        "en": "WARNING: {url} uses unencrypted http; use https beyond this laptop.",
    },
    "pushed": {
        "id": "Terkirim {records} data dalam {batches} batch ({bytes} byte): diterima "
        "{accepted}, ditolak {rejected}, sudah ada {stale}.",
        "en": "Sent {records} records in {batches} batch(es) ({bytes} bytes): accepted "
        "{accepted}, rejected {rejected}, already there {stale}.",
    },
    "pulled": {
        "id": "Ditarik {changes} perubahan dari server ({reviews} keputusan verifikasi).",
        "en": "Pulled {changes} changes from the server ({reviews} review decisions).",
    },
    "purged": {
        "id": "Dihapus dari laptop ini: {count} data yang sudah diterima server dan disetujui "
        "verifikator lebih dari {days} hari lalu (data tetap ada di server).",
        "en": "Removed from this laptop: {count} records the server holds and a supervisor "
        "approved more than {days} days ago (the server keeps them).",
    },
    "rejected_hint": {
        "id": "Ada data yang ditolak server: buka aplikasi, perbaiki data bertanda, lalu "
        "sinkronkan lagi.",
        "en": "The server rejected some records: open the app, correct the marked records, "
        "then sync again.",
    },
    "password_prompt": {"id": "Kata sandi: ", "en": "Password: "},
    "password_empty": {
        "id": "Kata sandi kosong: ketik kata sandi akun petugas (atau kirim lewat stdin).",
        "en": "Empty password: type the officer account's password (or pipe it on stdin).",
    },
    "error": {"id": "GAGAL: {message}", "en": "FAILED: {message}"},
    "bundle_written": {
        "id": "Paket ditulis ke {path}: {batches} batch, {records} data ({bytes} byte), "
        "terkunci untuk server. Bawa ke laptop yang tersambung: Impor paket / "
        "jempol-sync relay-bundle FILE. Data tetap menunggu di laptop ini sampai "
        "sinkronisasi langsung berikutnya.",
        "en": "Bundle written to {path}: {batches} batch(es), {records} records ({bytes} "
        "bytes), locked for the server. Take it to a connected laptop: Import bundle / "
        "jempol-sync relay-bundle FILE. The data stays waiting on this laptop until the "
        "next direct sync.",
    },
    "bundle_nothing": {
        "id": "Tidak ada data yang belum diterima server; paket tidak dibuat.",
        "en": "Nothing is waiting for the server; no bundle was written.",
    },
    "bundle_relayed": {
        "id": "Paket dari perangkat {device} diteruskan ke server: {stored} batch baru, "
        "{duplicate} sudah ada; data diterima {accepted}, ditolak {rejected}, sudah ada "
        "{stale}.",
        "en": "Bundle of device {device} relayed to the server: {stored} new batch(es), "
        "{duplicate} already there; records accepted {accepted}, rejected {rejected}, "
        "already there {stale}.",
    },
    "bundle_batch_refused": {
        "id": "Batch {batch} ditolak server: {message}",
        "en": "Batch {batch} refused by the server: {message}",
    },
}

STATUS_LABELS = {
    "server_url": {"id": "Server", "en": "Server"},
    "officer_username": {"id": "Petugas", "en": "Officer"},
    "device_id": {"id": "ID perangkat", "en": "Device id"},
    "pending_changes": {"id": "Perubahan belum terkirim", "en": "Pending changes"},
    "sealed_batches": {"id": "Batch menunggu jawaban", "en": "Sealed batches waiting"},
    "acked_batches": {"id": "Batch diterima server", "en": "Acknowledged batches"},
    "rejected_records": {"id": "Data ditolak", "en": "Rejected records"},
    "returned_records": {"id": "Data dikembalikan/ditolak verifikator", "en": "Returned records"},
    "last_success_at": {"id": "Sinkron terakhir berhasil", "en": "Last successful sync"},
    "last_error": {"id": "Kesalahan terakhir", "en": "Last error"},
    "clock_skew_seconds": {"id": "Selisih jam dengan server (detik)", "en": "Clock skew (s)"},
}


def _t(key: str, lang: str, **params) -> str:
    texts = TEXTS[key]
    return texts.get(lang, texts["id"]).format(**params)


def _data_dir(args) -> Path:
    """The data folder; from here on the run logs to ``<data dir>/logs/jempol-sync.log``."""
    from app.logs import setup_logging
    from app.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    setup_logging(data_dir, program="jempol-sync", console=False)
    return data_dir


def _read_password(lang: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(_t("password_prompt", lang))
    return sys.stdin.readline().rstrip("\r\n")


def _warn_insecure(url: str, lang: str) -> None:
    if is_insecure(url):
        print(_t("insecure", lang, url=url), file=sys.stderr)


def _transport_options(args, config: TransportConfig, store, url: str | None) -> None:
    """``--ca-bundle``/``--allow-insecure-http`` for this run, else the store's settings;
    warns when plain http to another machine is allowed (the transport refuses it else)."""
    if getattr(args, "ca_bundle", None):
        config.ca_bundle = str(Path(args.ca_bundle).resolve())
    if getattr(args, "allow_insecure_http", False):
        config.allow_insecure_http = True
    apply_settings(config, store.get_setting)
    if url and config.allow_insecure_http:
        _warn_insecure(url, args.lang)


def cmd_register(args) -> int:
    lang = args.lang
    url = normalize_server_url(args.server)
    data_dir = _data_dir(args)
    config = SyncConfig(lang=lang)
    with open_store(data_dir) as store:
        _transport_options(args, config.transport, store, url)
    Transport(url, config=config.transport).close()  # refuses plain http / no CA file now
    password = _read_password(lang)
    if not password:
        print(_t("password_empty", lang), file=sys.stderr)
        return EXIT_USAGE
    with sync_lock(data_dir), open_store(data_dir) as store:
        answer = register_device(store, url, args.username, password, args.device_name, config)
        # Later runs (and the app) use the same trust settings.
        if args.ca_bundle:
            store.set_setting(SETTING_CA_BUNDLE, config.transport.ca_bundle)
        if args.allow_insecure_http:
            store.set_setting(SETTING_ALLOW_INSECURE_HTTP, True)
    print(
        _t(
            "registered",
            lang,
            username=answer.officer.username,
            role=answer.officer.role,
            url=url,
            device_id=answer.device_id,
        )
    )
    return EXIT_OK


def _config(args) -> SyncConfig:
    config = SyncConfig(lang=args.lang)
    config.transport.retries = args.retries
    config.transport.read_timeout = args.timeout
    return config


def cmd_sync(args) -> int:
    lang = args.lang
    server = normalize_server_url(args.server) if args.server else None
    data_dir = _data_dir(args)
    with sync_lock(data_dir), open_store(data_dir) as store:
        url = server or (store.registration() or {}).get("server_url")
        config = _config(args)
        _transport_options(args, config.transport, store, url)
        with SyncClient(store, server_url=server, config=config) as client:
            action = {"push": client.push, "pull": client.pull, "run": client.run}[args.command]
            report = action()
    if args.command in ("push", "run"):
        print(
            _t(
                "pushed",
                lang,
                records=report.records_sent,
                batches=report.batches_sent,
                bytes=report.bytes_sent,
                accepted=report.accepted,
                rejected=report.rejected,
                stale=report.stale,
            )
        )
    if args.command in ("pull", "run"):
        print(_t("pulled", lang, changes=report.changes_pulled, reviews=report.reviews_applied))
    if report.purged:
        print(_t("purged", lang, count=report.purged, days=report.retention_days))
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if report.rejected:
        print(_t("rejected_hint", lang), file=sys.stderr)
    return report.exit_code


def cmd_status(args) -> int:
    lang = args.lang
    data_dir = _data_dir(args)
    with open_store(data_dir) as store:
        status = store.sync_status()
    status["clock_warning"] = clock_warning(status["clock_skew_seconds"], lang)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return EXIT_OK
    for key, labels in STATUS_LABELS.items():
        value = status.get(key)
        if key == "last_error" and value:
            text = SyncError(value["code"], value.get("detail")).message(lang)
            value = f"{text} ({value['at']})"
        print(f"{labels.get(lang, labels['id'])}: {'-' if value is None else value}")
    if status["clock_warning"]:
        print(status["clock_warning"])
    return EXIT_OK


def cmd_export_bundle(args) -> int:
    lang = args.lang
    data_dir = _data_dir(args)
    with sync_lock(data_dir), open_store(data_dir) as store:
        report = export_bundle(store, Path(args.file), config=SyncConfig(lang=lang))
    if report.path is None:
        print(_t("bundle_nothing", lang))
        return EXIT_OK
    print(
        _t(
            "bundle_written",
            lang,
            path=report.path,
            batches=report.batches,
            records=report.records,
            bytes=report.bytes,
        )
    )
    return EXIT_OK


def cmd_relay_bundle(args) -> int:
    lang = args.lang
    server = normalize_server_url(args.server) if args.server else None
    data_dir = _data_dir(args)
    with open_store(data_dir) as store:
        url = server or (store.registration() or {}).get("server_url")
        config = _config(args)
        _transport_options(args, config.transport, store, url)
        result = relay_bundle(store, Path(args.file), server_url=server, config=config)
    refused = [b for b in result.batches if b.status == "refused"]
    for item in refused:
        message = SyncError(item.code).message(lang) if item.code else item.message
        print(
            _t("bundle_batch_refused", lang, batch=item.batch_uuid, message=message),
            file=sys.stderr,
        )
    print(
        _t(
            "bundle_relayed",
            lang,
            device=result.device_id,
            stored=sum(b.status == "stored" for b in result.batches),
            duplicate=sum(b.status == "duplicate" for b in result.batches),
            accepted=sum(b.accepted for b in result.batches),
            rejected=sum(b.rejected for b in result.batches),
            stale=sum(b.stale for b in result.batches),
        )
    )
    return EXIT_STOP if refused else EXIT_OK


def _add_tls_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="PEM file of the CA that signed the server's certificate (an office's internal "
        "CA); register keeps it for later runs",
    )
    cmd.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow plain http:// to a server other than this machine (trusted office "
        "network only; register keeps it)",
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="the app's data directory (default: the per-user Jempol folder)"
    )
    common.add_argument(
        "--lang", choices=("id", "en"), default="id", help="message language (default: id)"
    )
    common.add_argument(
        "--officer-nip",
        metavar="NIP",
        help="unlock the encrypted data with this officer's offline password (asked for, or"
        " the first line of stdin) when no key is kept for scheduled sync",
    )
    parser = argparse.ArgumentParser(
        prog="jempol-sync",
        description="Send this laptop's Jempol records to the central server and fetch "
        "review decisions.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    defaults = TransportConfig()

    reg = sub.add_parser(
        "register",
        parents=[common],
        help="register this laptop (password read from stdin)",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reg.add_argument("--server", required=True, help="server address, e.g. https://host")
    reg.add_argument("--username", required=True, help="the officer's server account")
    reg.add_argument("--device-name", help="name shown to the admin (default: hostname)")
    _add_tls_options(reg)
    reg.set_defaults(func=cmd_register)

    for name, text in (
        ("push", "send every change not yet acknowledged"),
        ("pull", "fetch review decisions"),
        ("run", "push, then pull"),
    ):
        cmd = sub.add_parser(
            name,
            parents=[common],
            help=text,
            epilog=EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.add_argument("--server", help="use this server address for this run only")
        cmd.add_argument(
            "--retries",
            type=int,
            default=defaults.retries,
            help=f"retries per request on network errors and 429/502/503/504 "
            f"(default {defaults.retries})",
        )
        cmd.add_argument(
            "--timeout",
            type=float,
            default=defaults.read_timeout,
            help=f"seconds to wait for the server's answer (default {defaults.read_timeout:g})",
        )
        _add_tls_options(cmd)
        cmd.set_defaults(func=cmd_sync)

    export = sub.add_parser(
        "export-bundle",
        parents=[common],
        help="write every change not yet acknowledged into one encrypted file (offline relay)",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("file", help="the bundle file to write, e.g. E:/jempol-tabang.jempol")
    export.set_defaults(func=cmd_export_bundle)

    relay = sub.add_parser(
        "relay-bundle",
        parents=[common],
        help="send another laptop's bundle file to the server (it stays unreadable here)",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    relay.add_argument("file", help="a bundle file made by 'jempol-sync export-bundle'")
    relay.add_argument("--server", help="use this server address for this run only")
    relay.add_argument("--retries", type=int, default=defaults.retries, help="retries per request")
    relay.add_argument(
        "--timeout",
        type=float,
        default=defaults.read_timeout,
        help=f"seconds to wait for the server's answer (default {defaults.read_timeout:g})",
    )
    _add_tls_options(relay)
    relay.set_defaults(func=cmd_relay_bundle)

    status = sub.add_parser("status", parents=[common], help="show the sync state")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(func=cmd_status)
    return parser


def _unlock(args: argparse.Namespace) -> None:
    """Open the officer's key slot with the password (prompt, or the first stdin line)."""
    from app.paths import database_path, resolve_data_dir
    from app.store import vault

    path = database_path(resolve_data_dir(args.data_dir))
    if vault.key_for(path) is not None or not vault.Vault.exists(path):
        return
    if sys.stdin.isatty():
        password = getpass.getpass("Offline password: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    vault.remember(path, vault.Vault.load(path).unlock(args.officer_nip, password))


def main(argv: list[str] | None = None) -> int:
    from app.store.vault import VaultError

    args = build_parser().parse_args(argv)
    try:
        if args.officer_nip:
            _unlock(args)
        code = args.func(args)
    except SyncError as err:
        print(_t("error", args.lang, message=err.message(args.lang)), file=sys.stderr)
        code = err.exit_code
    except VaultError as err:  # locked, wrong password, damaged key file
        print(_t("error", args.lang, message=err.message(args.lang)), file=sys.stderr)
        code = EXIT_DATA_LOCKED
    except KeyboardInterrupt:
        code = EXIT_STOP
    logging.getLogger("jempol.sync").info("jempol-sync %s: exit %d", args.command, code)
    remove_handlers()  # not on a crash: installer/entry_jempol_sync.py logs it first
    return code
