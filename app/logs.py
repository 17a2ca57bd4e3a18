"""Logging for the desktop app and the sync tool (no Qt).

``setup_logging(data_dir)`` writes to a rotating file ``<data dir>/logs/jempol.log``
(``jempol-sync.log`` for the scheduled sync, so two processes never rotate the
same file). Every handler it installs carries :class:`PersonalDataFilter`, which
masks NIK/KK-like numbers (16 or more digits, also written with spaces, dots or
dashes), Indonesian mobile numbers, and the values of personal fields passed via
``extra`` (``extra={"resident_name": ...}``), in the message, its arguments, the
traceback and the extra fields. Personal data must still never be logged on
purpose: the filter is the safety net, not the habit.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

LOG_DIRNAME = "logs"
DEFAULT_PROGRAM = "jempol"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(threadName)s %(name)s: %(message)s"
LEVEL_ENV = "JEMPOL_LOG_LEVEL"

NUMBER_MASK = "[NIK/KK]"
PHONE_MASK = "[PHONE]"
FIELD_MASK = "[REDACTED]"

# 16+ digits, optionally separated by single spaces, dots, dashes or slashes
# ("6402051201900001", "6402 0512 0190 0001", "64.02.05.120190.0001"). NIPs
# (18 digits) are masked too.
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d(?:[ .\-/]?\d){15,}(?![0-9A-Za-z])")
# Indonesian mobile numbers: 08xx / +628xx / 628xx, 9 to 13 digits after the prefix.
_PHONE = re.compile(r"(?<![0-9A-Za-z+])(?:\+62|62|0)[ \-]?8\d(?:[ \-]?\d){6,11}(?![0-9A-Za-z])")

# Name tokens (split on "_" and "-") marking an ``extra`` field as personal.
PERSONAL_TOKENS = frozenset(
    {
        "name", "nama", "nik", "kk", "nip", "phone", "telp", "hp", "address", "alamat",
        "birth", "lahir", "mother", "ibu", "resident", "person", "penduduk", "email",
        "rt", "rw", "notes", "username", "user",
    }
)  # fmt: skip
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
_HANDLER_MARK = "_jempol_handler"


def mask_text(text: str) -> str:
    """``text`` with NIK/KK-like numbers and mobile numbers masked."""
    return _PHONE.sub(PHONE_MASK, _LONG_NUMBER.sub(NUMBER_MASK, text))


def is_personal_key(key: str) -> bool:
    """True for field names such as ``resident_name``, ``nik``, ``mother-name``."""
    return any(token in PERSONAL_TOKENS for token in re.split(r"[_\-\s.]+", key.lower()))


def mask_value(key: str, value: Any) -> Any:
    """Mask one ``extra`` value: personal keys lose their value, strings are scanned."""
    if is_personal_key(key):
        return FIELD_MASK
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        return {k: mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [mask_value(key, v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return mask_text(str(value)) if len(str(abs(value))) >= 16 else value
    return value


class PersonalDataFilter(logging.Filter):
    """Masks personal data in a record before any handler formats it.

    The message is rendered once (``msg % args``), masked and frozen into
    ``record.msg`` with no args left; the traceback is rendered and masked into
    ``record.exc_text`` (which ``logging.Formatter`` reuses); custom ``extra``
    attributes are masked by name and by content. The record is never dropped.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_jempol_masked", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep its parts, masked
            message = f"{record.msg!s} {record.args!r}"
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
            record.exc_info = None  # the masked text is used; the raw traceback is not kept
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _RECORD_ATTRS and not key.startswith("_"):
                setattr(record, key, mask_value(key, value))
        record._jempol_masked = True
        return True


def log_dir(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / LOG_DIRNAME


def log_path(data_dir: str | os.PathLike, program: str = DEFAULT_PROGRAM) -> Path:
    return log_dir(data_dir) / f"{program}.log"


def _level(level: int | str | None) -> int:
    value = os.environ.get(LEVEL_ENV) or level or logging.INFO
    if isinstance(value, int):
        return value
    resolved = logging.getLevelName(str(value).strip().upper())
    return resolved if isinstance(resolved, int) else logging.INFO


def setup_logging(
    data_dir: str | os.PathLike | None = None,
    *,
    program: str = DEFAULT_PROGRAM,
    level: int | str | None = None,
    console: bool | None = None,
    capture_exceptions: bool = True,
) -> Path:
    """Send the root logger to ``<data_dir>/logs/<program>.log`` (rotating, UTF-8).

    ``data_dir`` defaults to :func:`app.paths.default_data_dir`. ``console``
    adds a stderr handler (default: only when there is a stderr, which a
    windowed Windows build has not). ``JEMPOL_LOG_LEVEL`` overrides ``level``.
    Calling it again replaces the handlers it installed before. Uncaught
    exceptions (main and other threads) are logged, masked, before the
    previous hook runs. Returns the log file path.
    """
    if data_dir is None:
        from app.paths import default_data_dir

        data_dir = default_data_dir()
    path = log_path(data_dir, program)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    remove_handlers()
    privacy = PersonalDataFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handlers: list[logging.Handler] = [file_handler]
    if console is None:
        console = sys.stderr is not None
    if console and sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(privacy)
        setattr(handler, _HANDLER_MARK, True)
        root.addHandler(handler)
    root.setLevel(_level(level))
    logging.captureWarnings(True)
    if capture_exceptions:
        _install_exception_hooks()
    from app import __version__

    logging.getLogger("jempol").info(
        "%s %s started (python %s, %s)",
        program,
        __version__,
        sys.version.split()[0],
        sys.platform,
    )
    return path


def remove_handlers() -> None:
    """Close and remove the handlers installed by :func:`setup_logging`."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()


def _install_exception_hooks() -> None:
    if getattr(sys.excepthook, _HANDLER_MARK, False):
        return
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook
    crash = logging.getLogger("jempol.crash")

    def excepthook(exc_type, exc, tb):
        if not issubclass(exc_type, KeyboardInterrupt):
            crash.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        previous_hook(exc_type, exc, tb)

    def thread_excepthook(args):
        if args.exc_type is not SystemExit:
            crash.critical(
                "uncaught exception in thread %s",
                getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread_hook(args)

    setattr(excepthook, _HANDLER_MARK, True)
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def log_crash(program: str = DEFAULT_PROGRAM) -> Path | None:
    """Record the exception being handled (call it in an ``except`` block), masked.

    Goes to the log :func:`setup_logging` opened; before that, to
    ``<default data dir>/logs/<program>-crash.log``. Also printed to stderr when
    there is one (a windowed Windows build has none, and must not show a dialog
    that would hang a silent run). Returns the file written, if any.
    """
    exc_type, exc, tb = sys.exc_info()
    if exc_type is None:
        return None
    ours = [h for h in logging.getLogger().handlers if getattr(h, _HANDLER_MARK, False)]
    if ours:
        logging.getLogger("jempol.crash").critical("%s stopped", program, exc_info=True)
        files = [h for h in ours if isinstance(h, logging.FileHandler)]
        return Path(files[0].baseFilename) if files else None
    import traceback

    text = mask_text("".join(traceback.format_exception(exc_type, exc, tb)))
    if sys.stderr is not None:
        sys.stderr.write(text)
    try:
        from app.paths import default_data_dir

        path = log_dir(default_data_dir()) / f"{program}-crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {program} ---\n{text}")
        return path
    except OSError:
        return None
