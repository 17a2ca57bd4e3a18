"""The ``jempol`` command: launch the app, or import/export requests as CSV.

Only the launch path imports Qt (``app.ui`` is imported inside :func:`_launch`), so
``jempol import-csv`` and ``jempol export-csv`` run headless and start fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from app import __version__
from app.paths import database_path, default_data_dir, demo_data_dir

# Taken when the app's code starts: `--smoke-test` prints the time from here to the window.
PROCESS_START = time.perf_counter()

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE = 0, 1, 2

IMPORT_EPILOG = """\
The file needs a header row with these columns (any order):
  visit_date,desa_code,nik,kk,name,birth_date,sex,service,status,notes
Optional columns (all written by export-csv):
  pending_reason   required when status is "pending"
  mismatch_reason  same as a "KOREKSI:" note (see below)
  cancel_reason    required when status is "cancelled": the row is saved, then
                   cancelled with that reason, as in the app
  has_ektp         1 when the e-KTP is already recorded (IKD activation needs it), else 0
  marital_status   belum_kawin kawin cerai_hidup cerai_mati
  address, rt, rw, phone
  uuid, revision, created_at   a row whose uuid is already in the data dir is skipped;
                   other rows become new requests

Dates YYYY-MM-DD (DD/MM/YYYY also accepted); sex L or P; desa_code like 64.02.05.2001;
service: ktp_recording ktp_printing ktp_replacement kk_change move_out move_in
birth_certificate death_certificate marital_status_change kia ikd_activation;
status: received done pending cancelled; pending_reason: blank_out_of_stock
biometric_upload_waiting missing_document other.
UTF-8 with or without BOM; "," or ";" as delimiter (Excel in an Indonesian locale).

Every row is checked like the entry form. A row whose typed birth date or sex
disagrees with its NIK is refused, because nobody can confirm it here, unless its
notes start with "KOREKSI:" followed by the reason, e.g.
  KOREKSI: tanggal lahir di akta berbeda dengan NIK
(or the mismatch_reason column is filled). Refused rows are listed with their line
number and reason; nothing of them is written; the other rows are saved, one visit
per visit_date and desa_code.

Exit status: 0 all rows imported (or already present), 1 some rows refused,
2 the file or the arguments cannot be used (nothing written)."""

EXPORT_EPILOG = """\
Exports what one officer may see in the app: their own requests and those of the
officers on this laptop with the same team. That officer is --officer-nip, else the
officer the app signs in (the last one who signed in), else the only one.

Writes the import columns plus the optional ones (pending_reason, mismatch_reason,
cancel_reason, has_ektp, marital_status, address, rt, rw, phone, uuid, revision,
created_at),
UTF-8 with a BOM, "," delimited. NIK and KK are plain digit strings, so the file
re-imports unchanged and any program reads them as text. Excel turns 16-digit
numbers into 6.40205E+15 when it opens a CSV by double-click: open it with
Data > From Text/CSV and set NIK and KK to Text, or export with --excel, which writes
them as ="6402..." so Excel shows them as text (import-csv accepts both forms)."""

TEXTS: dict[str, dict[str, str]] = {
    "no_data": {
        "id": "Tidak ada data Jempol di {dir}. Jalankan jempol dulu untuk membuat profil "
        "petugas, atau pilih folder lain dengan --data-dir.",
        "en": "No Jempol data in {dir}. Run jempol first to create the officer profile, "
        "or choose another folder with --data-dir.",
    },
    "no_officer": {
        "id": "Belum ada profil petugas di {dir}. Jalankan jempol dulu untuk membuat profil, "
        "atau beri --officer-nip NIP petugas yang ada di folder itu.",
        "en": "No officer profile in {dir}. Run jempol first to create one, "
        "or pass --officer-nip with the NIP of an officer in that folder.",
    },
    "unknown_nip": {
        "id": "Tidak ada petugas dengan NIP {nip} di {dir}. Petugas yang ada: {officers}.",
        "en": "No officer with NIP {nip} in {dir}. Officers there: {officers}.",
    },
    "several_officers": {
        "id": "Ada beberapa petugas di {dir}: pilih salah satu dengan --officer-nip ({officers}).",
        "en": "Several officers in {dir}: choose one with --officer-nip ({officers}).",
    },
    "bad_date": {
        "id": "--date '{value}' bukan tanggal: tulis TTTT-BB-HH, misalnya 2025-03-17.",
        "en": "--date '{value}' is not a date: write YYYY-MM-DD, e.g. 2025-03-17.",
    },
    "refused_line": {"id": "baris {line}: {reason}", "en": "line {line}: {reason}"},
    "summary": {
        "id": "{imported} dari {total} baris diimpor, {refused} ditolak, {skipped} sudah ada.",
        "en": "{imported} of {total} rows imported, {refused} refused, {skipped} already present.",
    },
    "progress": {"id": "{done}/{total} baris", "en": "{done}/{total} rows"},
    "exported": {
        "id": "{count} permohonan diekspor ke {path}.",
        "en": "{count} requests exported to {path}.",
    },
    "exported_for": {
        "id": "{count} permohonan diekspor ke {path}: milik {name} (NIP {nip}) dan timnya.",
        "en": "{count} requests exported to {path}: those of {name} (NIP {nip}) and their team.",
    },
    "demo_created": {
        "id": "Data demo dibuat di {dir}. Masuk sebagai {name} (NIP {nip}) dengan kata sandi "
        "offline: {password}",
        "en": "Demo data created in {dir}. Sign in as {name} (NIP {nip}) with the offline "
        "password: {password}",
    },
    "locked": {
        "id": "Data di {dir} terenkripsi. Beri --officer-nip NIP petugas; kata sandi offline-nya "
        "akan ditanyakan (atau dibaca dari stdin).",
        "en": "The data in {dir} is encrypted. Pass --officer-nip with an officer's NIP; their "
        "offline password is asked for (or read from stdin).",
    },
    "wrong_password": {
        "id": "Kata sandi offline salah untuk NIP {nip}. Lupa kata sandi? Minta administrator "
        "menjalankan 'jempol recover'.",
        "en": "Wrong offline password for NIP {nip}. Forgot it? Ask an administrator to run "
        "'jempol recover'.",
    },
    "recovered": {
        "id": "Kata sandi offline baru untuk {name} (NIP {nip}) disimpan. Petugas bisa masuk "
        "dengan kata sandi itu.",
        "en": "New offline password for {name} (NIP {nip}) saved. The officer can sign in with "
        "it now.",
    },
    "recovery_failed": {"id": "Pemulihan gagal: {reason}", "en": "Recovery failed: {reason}"},
    "password_short": {
        "id": "Kata sandi baru: gunakan minimal {min} karakter.",
        "en": "New password: use at least {min} characters.",
    },
    "passwords_differ": {
        "id": "Kata sandi baru: kedua isian berbeda. Ketik ulang.",
        "en": "New password: the two entries differ. Type them again.",
    },
    "export_dir_missing": {
        "id": "Folder tujuan {dir} tidak ada.",
        "en": "The target folder {dir} does not exist.",
    },
}


def _t(code: str, lang: str | None, **params: object) -> str:
    entry = TEXTS[code]
    return entry.get(lang or "id", entry["id"]).format(**params)


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"folder holding the Jempol data (default: {default_data_dir()})",
    )
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default=default,
        help="language of messages: id (Bahasa Indonesia, default) or en",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jempol",
        description="Jempol: field-service app for Disdukcapil outreach (jemput bola) teams. "
        "Without a command it opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"jempol {__version__}")
    _common(parser, suppress=False)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open demo data (in a separate folder unless --data-dir is given), "
        "creating it when the folder is empty",
    )
    parser.add_argument(
        "--supervisor",
        action="store_true",
        help="sign in as a supervisor or admin against the server and review synced batches",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, let it settle, close it and exit 0 (for CI)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser(
        "import-csv",
        help="import service requests from a CSV file",
        description="Import service requests from a CSV file into the data dir.",
        epilog=IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    _common(imp, suppress=True)
    imp.add_argument(
        "--officer-nip",
        metavar="NIP",
        help="record the rows as this officer's work (needed when the data dir has several)",
    )

    exp = sub.add_parser(
        "export-csv",
        help="export service requests to a CSV file",
        description="Export service requests (every revision's latest state) to CSV.",
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("file", metavar="FILE", type=Path)
    _common(exp, suppress=True)
    exp.add_argument("--date", metavar="YYYY-MM-DD", help="only requests of this visit date")
    exp.add_argument(
        "--excel", action="store_true", help='write NIK and KK as ="..." so Excel keeps them text'
    )
    exp.add_argument(
        "--officer-nip",
        metavar="NIP",
        help="export what this officer may see: their own requests and their team's "
        "(default: the officer the app signs in)",
    )
    rec = sub.add_parser(
        "recover",
        help="administrators: set a new offline password with the organisation's recovery key",
        description="Open this laptop's data with the organisation's recovery key (made by "
        "'jempol-server keys recovery-init') and set a new offline password for one officer. "
        "Reads the recovery key passphrase, then the new password twice (prompts, or lines "
        "on stdin). See docs/security.md.",
    )
    _common(rec, suppress=True)
    rec.add_argument("--recovery-key", metavar="FILE", type=Path, required=True)
    rec.add_argument("--officer-nip", metavar="NIP", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_UNUSABLE
    if args.command == "import-csv":
        return _import(args)
    if args.command == "export-csv":
        return _export(args)
    if args.command == "recover":
        return _recover(args)
    return _launch(args)


# --- launching the app -----------------------------------------------------------------
def _launch(args: argparse.Namespace) -> int:
    if args.demo:
        from app.demo import ensure_demo_data

        data_dir = Path(args.data_dir) if args.data_dir else demo_data_dir()
        data_dir.mkdir(parents=True, exist_ok=True)
        created = ensure_demo_data(data_dir)
        if created is not None:
            print(
                _t(
                    "demo_created",
                    args.lang,
                    dir=data_dir,
                    name=created.officer_name,
                    nip=created.officer_nip,
                    password=created.password,
                )
            )
    else:
        data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
        data_dir.mkdir(parents=True, exist_ok=True)
    from app.ui.main import run_gui  # Qt is loaded only here

    return run_gui(
        data_dir,
        smoke_test=args.smoke_test,
        lang=args.lang,
        supervisor=args.supervisor,
        started_at=PROCESS_START,
    )


# --- CSV ---------------------------------------------------------------------------------
def _data_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "data_dir", None) or default_data_dir())


def _open_store(data_dir: Path, lang: str, nip: str | None = None):
    """The store of ``data_dir``, or None (message printed) when there is none.

    Encrypted data is opened with ``nip``'s offline password (asked for, or read from
    stdin) unless it was unlocked in this process: reading or writing residents' data
    from the command line needs an officer, even where scheduled sync keeps a key in the
    OS credential store.
    """
    db = database_path(data_dir)
    if not db.is_file():
        print(_t("no_data", lang, dir=data_dir), file=sys.stderr)
        return None
    from app.store import Store, vault
    from app.store.vault import Vault, WrongPassword

    needs_officer = (
        vault.key_for(db) is None and Vault.exists(db) and bool(Vault.load(db).officers())
    )
    if not needs_officer:
        return Store.open(db)
    if not nip:
        print(_t("locked", lang, dir=data_dir), file=sys.stderr)
        return None
    try:
        key = Vault.load(db).unlock(nip, _read_secret("Offline password: "))
    except WrongPassword:
        print(_t("wrong_password", lang, nip=nip), file=sys.stderr)
        return None
    return Store.open(db, key=key)


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _recover(args: argparse.Namespace) -> int:
    """Open the recovery slot with the administrator's key; set a new officer password."""
    from app.store import Store
    from app.store.officers import MIN_PASSWORD_LENGTH
    from app.store.vault import Vault, VaultError
    from sync.recovery_key import RecoveryKeyError, open_recovery_key

    lang = getattr(args, "lang", None) or "id"
    data_dir = _data_dir(args)
    db = database_path(data_dir)
    if not db.is_file():
        print(_t("no_data", lang, dir=data_dir), file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        private = open_recovery_key(args.recovery_key, _read_secret("Recovery key passphrase: "))
        key = Vault.load(db).unlock_with_recovery(private)
    except (RecoveryKeyError, VaultError) as exc:
        print(_t("recovery_failed", lang, reason=exc), file=sys.stderr)
        return EXIT_REFUSED
    password = _read_secret("New offline password: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        print(_t("password_short", lang, min=MIN_PASSWORD_LENGTH), file=sys.stderr)
        return EXIT_UNUSABLE
    if _read_secret("Repeat the new password: ") != password:
        print(_t("passwords_differ", lang), file=sys.stderr)
        return EXIT_UNUSABLE
    with Store.open(db, key=key) as store:
        officer = store.get_officer_by_nip(args.officer_nip)
        if officer is None:
            print(
                _t(
                    "unknown_nip",
                    lang,
                    nip=args.officer_nip,
                    dir=data_dir,
                    officers=_officer_list(store),
                ),
                file=sys.stderr,
            )
            return EXIT_UNUSABLE
        store.reset_password(officer["id"], password, by="recovery")
    print(_t("recovered", lang, name=officer["name"], nip=officer["nip"]))
    return EXIT_OK


def _officer_list(store) -> str:
    return ", ".join(f"{o['name']} ({o['nip']})" for o in store.officers()) or "-"


def _choose_officer(store, nip: str | None, data_dir: Path, lang: str) -> dict | None:
    officers = store.officers()
    if nip:
        wanted = "".join(nip.split())
        for officer in officers:
            if officer["nip"] == wanted:
                return officer
        code = "unknown_nip" if officers else "no_officer"
        print(
            _t(code, lang, nip=wanted, dir=data_dir, officers=_officer_list(store)),
            file=sys.stderr,
        )
        return None
    if len(officers) == 1:
        return officers[0]
    code = "several_officers" if officers else "no_officer"
    print(_t(code, lang, dir=data_dir, officers=_officer_list(store)), file=sys.stderr)
    return None


def _import(args: argparse.Namespace) -> int:
    from app.csvio import CsvFileError, import_csv

    lang = getattr(args, "lang", None) or "id"
    data_dir = _data_dir(args)
    if not args.file.is_file():
        print(_t_csv("not_found", lang, path=args.file), file=sys.stderr)
        return EXIT_UNUSABLE
    store = _open_store(data_dir, lang, args.officer_nip)
    if store is None:
        return EXIT_UNUSABLE
    try:
        officer = _choose_officer(store, getattr(args, "officer_nip", None), data_dir, lang)
        if officer is None:
            return EXIT_UNUSABLE
        show = _progress_printer(lang)
        try:
            report = import_csv(store, officer["id"], args.file, lang=lang, progress=show)
        except CsvFileError as err:
            print(str(err), file=sys.stderr)
            return EXIT_UNUSABLE
    finally:
        store.close()
    for refused in report.refused:
        print(
            _t("refused_line", lang, line=refused.line, reason=refused.message()), file=sys.stderr
        )
    print(
        _t(
            "summary",
            lang,
            imported=report.imported,
            total=report.imported + len(report.refused) + report.skipped,
            refused=len(report.refused),
            skipped=report.skipped,
        )
    )
    return EXIT_REFUSED if report.refused else EXIT_OK


def _t_csv(code: str, lang: str, **params: object) -> str:
    from app.csvio import text

    return text(code, lang, **params)


def _progress_printer(lang: str):
    tty = sys.stderr.isatty()
    state = {"last": 0}

    def show(done: int, total: int) -> None:
        if not (tty or total > 1000):
            return
        if done - state["last"] < 500 and done < total:
            return
        state["last"] = done
        end = "\r" if tty and done < total else "\n"
        print(_t("progress", lang, done=done, total=total), end=end, file=sys.stderr, flush=True)

    return show


def _export(args: argparse.Namespace) -> int:
    from app.csvio import export_csv

    lang = getattr(args, "lang", None) or "id"
    day: date | None = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            print(_t("bad_date", lang, value=args.date), file=sys.stderr)
            return EXIT_UNUSABLE
    target: Path = args.file
    if not target.absolute().parent.is_dir():
        print(_t("export_dir_missing", lang, dir=target.absolute().parent), file=sys.stderr)
        return EXIT_UNUSABLE
    data_dir = _data_dir(args)
    store = _open_store(data_dir, lang, args.officer_nip)
    if store is None:
        return EXIT_UNUSABLE
    try:
        officer = _export_officer(store, getattr(args, "officer_nip", None), data_dir, lang)
        if officer is None:
            return EXIT_UNUSABLE
        count = export_csv(store, target, day=day, excel=args.excel, visible_to=officer["id"])
        several = len(store.officers()) > 1
    finally:
        store.close()
    if several:
        name, nip = officer["name"], officer["nip"]
        print(_t("exported_for", lang, count=count, path=target, name=name, nip=nip))
    else:
        print(_t("exported", lang, count=count, path=target))
    return EXIT_OK


def _export_officer(store, nip: str | None, data_dir: Path, lang: str) -> dict | None:
    """Whose view ``export-csv`` writes: ``--officer-nip``, else the officer the app signs
    in, else the only officer (None, message printed, when none fits)."""
    if not nip:
        from app.store.officers import PROFILE_OFFICER_SETTING

        signed_in = store.get_setting(PROFILE_OFFICER_SETTING)
        officer = store.get_officer(signed_in) if isinstance(signed_in, int) else None
        if officer is not None:
            return officer
    return _choose_officer(store, nip, data_dir, lang)
