"""app.logs: the rotating log file and the filter that keeps personal data out of it."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from app import logs

NIK = "6402051201900001"
KK = "6402052003150007"
NAME = "Siti Rahmawati"


@pytest.fixture
def clean_logging():
    root = logging.getLogger()
    level, hook, thread_hook = root.level, sys.excepthook, threading.excepthook
    yield
    logs.remove_handlers()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hook, thread_hook
    logging.captureWarnings(False)


@pytest.mark.parametrize(
    "text",
    [
        NIK,
        "6402 0512 0190 0001",
        "64.02.05.120190.0001",
        "6402-0512-0190-0001",
        f"nik={NIK},",
        "199001012015031002",  # an 18-digit NIP
    ],
)
def test_long_numbers_are_masked(text):
    masked = logs.mask_text(f"saved {text} ok")
    assert not any(ch.isdigit() for ch in masked.replace("[NIK/KK]", "")), masked
    assert "[NIK/KK]" in masked


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "0812-3456-7890"])
def test_mobile_numbers_are_masked(phone):
    assert logs.mask_text(f"call {phone} now") == "call [PHONE] now"


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-17 10:30:45,123 pushed 120 records in 3 batches",
        "batch 3f2b8c1e-9a4d-4e2b-8f1a-0c9d7e6b5a43 acked",
        "outbox 1234567 to 1234999",
        "desa 64.02.05.2001",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert logs.mask_text(text) == text


def test_personal_keys():
    for key in ("resident_name", "nik", "kk", "mother-name", "phone", "officer_username"):
        assert logs.is_personal_key(key), key
    for key in ("batch_uuid", "records", "desa_code", "service", "duration_ms"):
        assert not logs.is_personal_key(key), key


def test_log_file_holds_no_personal_data(tmp_path, clean_logging):
    path = logs.setup_logging(tmp_path, console=False, capture_exceptions=False)
    assert path == tmp_path / "logs" / "jempol.log"
    log = logging.getLogger("jempol.test")
    log.info("saved request for %s", NIK, extra={"resident_name": NAME, "kk": KK, "batch": 7})
    log.warning("search %s", "6402 0512 0190 0001")
    try:
        raise ValueError(f"bad NIK {NIK} for {KK}")
    except ValueError:
        log.exception("could not save")
    log.info("count %d", 42)
    logs.remove_handlers()

    text = path.read_text(encoding="utf-8")
    assert NIK not in text and KK not in text and "0190 0001" not in text
    assert "saved request for [NIK/KK]" in text
    assert "ValueError: bad NIK [NIK/KK] for [NIK/KK]" in text  # the traceback is kept, masked
    assert "count 42" in text and "jempol.test" in text


def test_extra_fields_reach_formatters_masked(tmp_path, clean_logging):
    path = logs.setup_logging(tmp_path, console=False, capture_exceptions=False)
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(path)
    )
    handler.setFormatter(logging.Formatter("%(message)s|%(resident_name)s|%(batch)s|%(note)s"))
    logging.getLogger("jempol.test").info(
        "x", extra={"resident_name": NAME, "batch": 7, "note": f"for {NIK}"}
    )
    logs.remove_handlers()
    last = path.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert last == "x|[REDACTED]|7|for [NIK/KK]"


def test_setup_twice_keeps_one_file_handler_and_sync_has_its_own_file(tmp_path, clean_logging):
    logs.setup_logging(tmp_path, console=True, capture_exceptions=False)
    path = logs.setup_logging(tmp_path, program="jempol-sync", console=False,
                              capture_exceptions=False)  # fmt: skip
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_jempol_handler", False)]
    assert len(ours) == 1 and ours[0].baseFilename == str(path)
    assert path.name == "jempol-sync.log"
    assert ours[0].maxBytes == logs.MAX_BYTES and ours[0].backupCount == logs.BACKUP_COUNT


def test_level_from_environment(tmp_path, clean_logging, monkeypatch):
    monkeypatch.setenv("JEMPOL_LOG_LEVEL", "debug")
    logs.setup_logging(tmp_path, console=False, capture_exceptions=False)
    assert logging.getLogger().level == logging.DEBUG


def test_uncaught_exceptions_are_logged_masked(tmp_path, clean_logging):
    seen = []
    sys.excepthook = lambda *args: seen.append(args[0])
    path = logs.setup_logging(tmp_path, console=False)
    try:
        raise RuntimeError(f"boom {NIK}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    logs.remove_handlers()
    text = path.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "RuntimeError: boom [NIK/KK]" in text
    assert NIK not in text
    assert seen == [RuntimeError]  # the previous hook still runs


def test_log_crash_before_setup_writes_a_crash_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JEMPOL_DATA_DIR", str(tmp_path))
    try:
        raise KeyError(NIK)
    except KeyError:
        path = logs.log_crash("jempol")
    assert path == tmp_path / "logs" / "jempol-crash.log"
    text = path.read_text(encoding="utf-8")
    assert "KeyError" in text and NIK not in text
    assert NIK not in capsys.readouterr().err
