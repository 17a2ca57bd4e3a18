"""``jempol-server``: serve, migrate, manage users and devices, export, publish notices.

Every command takes ``--data-dir`` and ``--database-url`` and, without them, finds the
same database (``$JEMPOL_DATABASE_URL``, else SQLite in the data dir).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import socket
import sys
from datetime import date
from pathlib import Path

from server.config import ENV_DATABASE_URL, describe_url, resolve_database_url
from server.keys import ENV_KEY_FILE

ENV_SSL_KEY_PASSWORD = "JEMPOL_SSL_KEY_PASSWORD"  # passphrase of an encrypted --ssl-keyfile


def _engine(args):
    from server.db import make_engine
    from server.migrate import upgrade

    engine = make_engine(resolve_database_url(args.data_dir, args.database_url))
    upgrade(engine)
    return engine


def _read_password(confirm: bool = True) -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if confirm and getpass.getpass("Repeat password: ") != password:
            raise SystemExit("error: the passwords differ")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def cmd_migrate(args) -> int:
    from server.db import make_engine
    from server.migrate import current_revision, upgrade

    url = resolve_database_url(args.data_dir, args.database_url)
    engine = make_engine(url)
    upgrade(engine)
    print(f"database {describe_url(url)} is at revision {current_revision(engine)}")
    return 0


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows SO_REUSEADDR lets another process steal the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: h11 writes an answer's head and body separately,
    # and Nagle + delayed ACK would hold each small answer back ~40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def cmd_serve(args) -> int:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise SystemExit("error: TLS needs both --ssl-certfile and --ssl-keyfile")
    for path in (args.ssl_certfile, args.ssl_keyfile):
        if path and not Path(path).is_file():
            raise SystemExit(f"error: {path}: no such file")
    url = resolve_database_url(args.data_dir, args.database_url)
    _engine(args).dispose()  # migrate once, before any worker starts
    os.environ[ENV_DATABASE_URL] = url  # worker processes build the app from it
    os.environ[ENV_KEY_FILE] = str(_server_keys(args, url, create=True).path)  # relay bundles
    sock = _listen(args.host, args.port)
    port = sock.getsockname()[1]
    scheme = "https" if args.ssl_certfile else "http"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"Jempol server listening on {scheme}://{host}:{port} "
        f"(database {describe_url(url)}, {args.workers} worker(s))",
        flush=True,
    )
    config = uvicorn.Config(
        "server.api:app_from_env",
        factory=True,
        host=args.host,
        port=port,
        workers=args.workers,
        log_level=args.log_level,
        proxy_headers=True,  # X-Forwarded-For/-Proto, from --forwarded-allow-ips only
        forwarded_allow_ips=args.forwarded_allow_ips,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        ssl_keyfile_password=os.environ.get(ENV_SSL_KEY_PASSWORD),
        server_header=False,
        timeout_graceful_shutdown=30,  # a stalled client cannot hold a stop forever
    )
    if args.workers > 1:
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
    return 0


def cmd_user_add(args) -> int:
    from server.auth import create_user
    from server.supervisor import set_profile

    password = _read_password()
    with _engine(args).begin() as conn:
        user = create_user(conn, args.name, password, args.role, args.kecamatan)
        set_profile(conn, user["username"], args.full_name, args.team)
    team = f", team {args.team}" if args.team else ""
    print(
        f"added {user['role']} {user['username']} "
        f"({user['kecamatan_code'] or 'all kecamatan'}{team})"
    )
    return 0


def cmd_user_disable(args) -> int:
    from server.auth import set_disabled

    with _engine(args).begin() as conn:
        set_disabled(conn, args.name, disabled=not args.enable)
    print(f"{'enabled' if args.enable else 'disabled'} {args.name}")
    return 0


def cmd_user_list(args) -> int:
    from server.auth import list_users

    with _engine(args).connect() as conn:
        rows = list_users(conn)
    print(f"{'USERNAME':<24} {'ROLE':<11} {'KECAMATAN':<10} STATE")
    for row in rows:
        state = "disabled" if row["disabled"] else "active"
        print(f"{row['username']:<24} {row['role']:<11} {row['kecamatan_code'] or '-':<10} {state}")
    return 0


def cmd_device_list(args) -> int:
    from server.auth import list_devices
    from server.db import iso

    with _engine(args).connect() as conn:
        rows = list_devices(conn)
    print(f"{'DEVICE ID':<36} {'USER':<16} {'NAME':<20} {'LAST SEEN':<24} STATE")
    for row in rows:
        state = "revoked" if row["revoked_at"] else "active"
        seen = iso(row["last_seen_at"]) or "-"
        print(f"{row['id']:<36} {row['username']:<16} {row['name'][:20]:<20} {seen:<24} {state}")
    return 0


def cmd_device_revoke(args) -> int:
    from server.auth import revoke_device

    with _engine(args).begin() as conn:
        revoke_device(conn, args.id)
    print(f"revoked device {args.id}")
    return 0


def cmd_session_revoke(args) -> int:
    from server.auth import revoke_sessions

    with _engine(args).begin() as conn:
        count = revoke_sessions(conn, args.user)
    print(f"ended {count} session(s) of {args.user}")
    return 0


def cmd_audit(args) -> int:
    from server.processing_log import entries, format_csv, format_table

    with _engine(args).connect() as conn:
        rows = entries(
            conn,
            user=args.user,
            action=args.action,
            record=args.record,
            date_from=args.date_from,
            date_to=args.date_to,
            limit=args.limit,
        )
    if args.format == "csv":
        sys.stdout.write(format_csv(rows))
    else:
        print(format_table(rows))
        print(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}")
    return 0


def cmd_export(args) -> int:
    from server.auth import validate_kecamatan
    from server.export import export
    from server.processing_log import Actor, record_access

    if args.kecamatan:
        validate_kecamatan(args.kecamatan)
    fmt = args.format or Path(args.file).suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise SystemExit("error: --format must be csv or xlsx")
    engine = _engine(args)
    uuids: list[str] = []
    count = export(
        engine,
        Path(args.file),
        fmt,
        args.kecamatan,
        args.date_from,
        args.date_to,
        exported=uuids.append,
    )
    detail = {
        "file": Path(args.file).name,
        "format": fmt,
        "kecamatan": args.kecamatan,
        "date_from": args.date_from,
        "date_to": args.date_to,
    }
    with engine.begin() as conn:
        record_access(conn, Actor.cli(), "export", record_uuids=uuids, detail=detail)
    print(f"exported {count} request(s) to {args.file}")
    return 0


def cmd_reference_publish(args) -> int:
    from server.review import publish_reference

    try:
        payload = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"error: {args.file}: {exc}") from None
    seq = publish_reference(_engine(args), args.name, payload)
    print(f"published reference {args.name!r} as change {seq}")
    return 0


def cmd_targets_import(args) -> int:
    from server.processing_log import Actor, record_access
    from server.targets import TargetFileError, import_targets

    engine = _engine(args)
    try:
        report = import_targets(engine, Path(args.file), replace=args.replace, lang=args.lang)
    except TargetFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with engine.begin() as conn:
        record_access(
            conn,
            Actor.cli(),
            "targets_import",
            detail={
                "file": Path(args.file).name,
                "replace": args.replace,
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "refused": len(report.refused),
            },
            count=report.total,
        )
    word = "baris" if args.lang == "id" else "line"
    for line, text in report.warnings:
        print(f"{word} {line}: {text}")
    for refused in report.refused:
        print(refused.text(args.lang), file=sys.stderr)
    print(
        f"targets: {report.total} row(s) read, {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.removed} removed, "
        f"{len(report.refused)} refused"
    )
    return 1 if report.refused else 0


def _server_keys(args, url: str | None = None, create: bool = False):
    from server.keys import ensure_keys, key_file_path, load_keys

    url = url or resolve_database_url(args.data_dir, args.database_url)
    path = key_file_path(args.data_dir, url)
    return ensure_keys(path) if create else load_keys(path)


def cmd_keys_init(args) -> int:
    from server.keys import init_keys, key_file_path

    url = resolve_database_url(args.data_dir, args.database_url)
    keys = init_keys(key_file_path(args.data_dir, url))
    print(f"created bundle key {keys.key_id} in {keys.path} (keep it secret; copy the same")
    print("file to every server of this installation; laptops pin its public key)")
    return 0


def cmd_keys_show(args) -> int:
    from sync.recovery_key import key_id

    keys = _server_keys(args)
    print(f"file:       {keys.path}")
    print(f"key id:     {keys.key_id}")
    print(f"public key: {keys.public_key}")
    recovery = key_id(keys.recovery_public) if keys.recovery_public else "none"
    print(f"recovery key id: {recovery}")
    return 0


def cmd_keys_recovery_init(args) -> int:
    """Create the organisation's recovery key: private half to --out (passphrase from
    stdin), public half into the server key file, handed to laptops from now on."""
    from server.keys import set_recovery_public
    from sync.recovery_key import RecoveryKeyError, key_id, write_recovery_key

    keys = _server_keys(args, create=True)
    if keys.recovery_public and not args.replace:
        raise SystemExit(
            f"error: a recovery key ({key_id(keys.recovery_public)}) is already set; laptops"
            " sealed their keys to it. Use --replace only if its file is lost."
        )
    passphrase = _read_password(confirm=True)
    try:
        public = write_recovery_key(Path(args.out), passphrase)
    except RecoveryKeyError as exc:
        raise SystemExit(f"error: {exc}") from None
    set_recovery_public(keys.path, public)
    print(f"created recovery key {key_id(public)} in {args.out}")
    print("keep that file and its passphrase offline (not on this server); laptops receive")
    print("the public half at registration and at their next sync")
    return 0


def cmd_import_bundle(args) -> int:
    from server.bundles import import_bundle, log_import
    from server.processing_log import Actor
    from sync.bundle import MAX_BUNDLE_BYTES

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise SystemExit(f"error: {path} is larger than {MAX_BUNDLE_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"error: {path}: {exc.strerror}") from None
    keys = _server_keys(args)
    engine = _engine(args)
    result = import_bundle(engine, keys, data, lang=args.lang)
    log_import(engine, Actor.cli(), result)
    if result.status == "refused":
        print(f"refused: {result.message}", file=sys.stderr)
        return 1
    refused = 0
    for item in result.batches:
        if item.status == "refused":
            refused += 1
            print(f"batch {item.batch_uuid}: refused: {item.message}", file=sys.stderr)
        else:
            print(
                f"batch {item.batch_uuid}: {item.status}, accepted {item.accepted}, "
                f"rejected {item.rejected}, stale {item.stale}"
            )
    print(
        f"bundle of device {result.device_id} (made {result.created_at}): "
        f"{len(result.batches) - refused} batch(es) imported, {refused} refused"
    )
    return 1 if refused else 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="where the SQLite database lives (default: per-user)")
    common.add_argument(
        "--database-url", help=f"SQLAlchemy URL, e.g. postgresql://... (or ${ENV_DATABASE_URL})"
    )
    parser = argparse.ArgumentParser(prog="jempol-server", description="Jempol central server")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--ssl-certfile", help="serve HTTPS with this PEM certificate (chain) file")
    serve.add_argument(
        "--ssl-keyfile",
        help=f"the certificate's PEM private key (passphrase from ${ENV_SSL_KEY_PASSWORD})",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="reverse proxies whose X-Forwarded-For/-Proto are trusted (default 127.0.0.1)",
    )
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", parents=[common], help="upgrade the schema").set_defaults(
        func=cmd_migrate
    )

    user = sub.add_parser("user", help="manage accounts").add_subparsers(
        dest="action", required=True
    )
    add = user.add_parser("add", parents=[common], help="add an account (password from stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("officer", "supervisor", "admin"))
    add.add_argument("--kecamatan", help="kecamatan code, e.g. 64.02.05 (officer/supervisor)")
    add.add_argument("--full-name", help="name shown to supervisors, e.g. 'Ani Rahmawati'")
    add.add_argument("--team", help="outreach team, e.g. 'Tim 2' (supervisor inbox filter)")
    add.set_defaults(func=cmd_user_add)
    disable = user.add_parser("disable", parents=[common], help="disable an account")
    disable.add_argument("name")
    disable.set_defaults(func=cmd_user_disable, enable=False)
    enable = user.add_parser("enable", parents=[common], help="enable a disabled account")
    enable.add_argument("name")
    enable.set_defaults(func=cmd_user_disable, enable=True)
    user.add_parser("list", parents=[common], help="list accounts").set_defaults(func=cmd_user_list)

    device = sub.add_parser("device", help="manage registered laptops").add_subparsers(
        dest="action", required=True
    )
    device.add_parser("list", parents=[common], help="list devices").set_defaults(
        func=cmd_device_list
    )
    revoke = device.add_parser("revoke", parents=[common], help="revoke a device token")
    revoke.add_argument("id")
    revoke.set_defaults(func=cmd_device_revoke)

    session = sub.add_parser("session", help="supervisor/admin sign-ins").add_subparsers(
        dest="action", required=True
    )
    sess_revoke = session.add_parser(
        "revoke", parents=[common], help="end every session of a user at once"
    )
    sess_revoke.add_argument("--user", required=True, help="the username")
    sess_revoke.set_defaults(func=cmd_session_revoke)

    from server.processing_log import ACTIONS

    audit = sub.add_parser(
        "audit", parents=[common], help="who read or exported which records (processing log)"
    )
    audit.add_argument("--user", help="only this actor (username, or cli:NAME)")
    audit.add_argument("--action", choices=ACTIONS, help="only this action")
    audit.add_argument("--record", metavar="UUID", help="only entries that touched this record")
    audit.add_argument("--from", dest="date_from", type=_day, help="first day (YYYY-MM-DD, WITA)")
    audit.add_argument("--to", dest="date_to", type=_day, help="last day (YYYY-MM-DD, WITA)")
    audit.add_argument("--limit", type=int, help="at most this many entries (oldest first)")
    audit.add_argument(
        "--format", choices=("table", "csv"), default="table", help="csv adds the record UUIDs"
    )
    audit.set_defaults(func=cmd_audit)

    exp = sub.add_parser("export", parents=[common], help="export requests to CSV or XLSX")
    exp.add_argument("file")
    exp.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file suffix")
    exp.add_argument("--kecamatan", help="only this kecamatan code")
    exp.add_argument("--from", dest="date_from", type=_day, help="first visit date (YYYY-MM-DD)")
    exp.add_argument("--to", dest="date_to", type=_day, help="last visit date (YYYY-MM-DD)")
    exp.set_defaults(func=cmd_export)

    ref = sub.add_parser("reference", help="reference-data updates for devices").add_subparsers(
        dest="action", required=True
    )
    pub = ref.add_parser("publish", parents=[common], help="send a JSON document to every device")
    pub.add_argument("name")
    pub.add_argument("file", help="JSON file")
    pub.set_defaults(func=cmd_reference_publish)
    tgt = sub.add_parser("targets", help="target lists (residents still to serve)")
    tgt_sub = tgt.add_subparsers(dest="action", required=True)
    tgt_import = tgt_sub.add_parser(
        "import", parents=[common], help="import a CSV/XLSX list (desa_code, nik, name, ...)"
    )
    tgt_import.add_argument("file", help=".csv (UTF-8, , or ;) or .xlsx, first row = titles")
    tgt_import.add_argument(
        "--replace",
        action="store_true",
        help="the file is the whole list of its desa: residents not in it are removed",
    )
    tgt_import.add_argument("--lang", choices=("id", "en"), default="id", help="messages")
    tgt_import.set_defaults(func=cmd_targets_import)

    keys = sub.add_parser("keys", help="the server's relay-bundle key").add_subparsers(
        dest="action", required=True
    )
    keys.add_parser(
        "init", parents=[common], help="create the key file (server-keys.json in the data dir)"
    ).set_defaults(func=cmd_keys_init)
    keys.add_parser(
        "show", parents=[common], help="print the key file, id and public key"
    ).set_defaults(func=cmd_keys_show)
    recovery = keys.add_parser(
        "recovery-init",
        parents=[common],
        help="create the organisation's laptop recovery key (passphrase on stdin)",
    )
    recovery.add_argument("--out", required=True, help="file for the private half (keep offline)")
    recovery.add_argument("--replace", action="store_true", help="replace a lost recovery key")
    recovery.set_defaults(func=cmd_keys_recovery_init)
    imp = sub.add_parser(
        "import-bundle", parents=[common], help="import a relay bundle file from a laptop"
    )
    imp.add_argument("file", help="the .jempol file made by 'jempol-sync export-bundle'")
    imp.add_argument("--lang", choices=("id", "en"), default="id", help="message language")
    imp.set_defaults(func=cmd_import_bundle)
    return parser


def main(argv: list[str] | None = None) -> int:
    from server.auth import AccountError
    from server.keys import KeyFileError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (AccountError, KeyFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
