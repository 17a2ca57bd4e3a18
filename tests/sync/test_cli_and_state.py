"""The CLI's exit codes and messages, clock skew, rejected records, the lock."""

from __future__ import annotations

import io
import json
import time
import types

import pytest

from sync import transport as transport_module
from sync.cli import main as sync_main
from sync.client import sync_lock
from sync.errors import (
    EXIT_AUTH,
    EXIT_LOCKED,
    EXIT_REJECTED,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
)
from tests.sync.checks import assert_converged
from tests.sync.conftest import OFFICER


def _args(laptop) -> list[str]:
    return ["--data-dir", str(laptop.data_dir)]


def test_not_registered_exits_4(laptop, capsys):
    laptop.add_requests(1)
    assert sync_main(["push", *_args(laptop)]) == EXIT_AUTH
    assert "belum terdaftar" in capsys.readouterr().err


def test_locked_by_another_sync_exits_6(laptop, server, capsys):
    laptop.register(server.base_url)
    with sync_lock(laptop.data_dir):
        assert sync_main(["run", *_args(laptop)]) == EXIT_LOCKED
    assert "sedang berjalan" in capsys.readouterr().err
    assert sync_main(["run", *_args(laptop)]) == 0


def test_unreachable_exits_3_and_status_shows_the_error(laptop, server, proxy, capsys):
    laptop.register(proxy.url)
    laptop.add_requests(2)
    proxy.set_offline(True)
    assert sync_main(["push", "--lang", "en", "--retries", "0", *_args(laptop)]) == EXIT_UNREACHABLE
    assert "cannot be reached" in capsys.readouterr().err
    assert sync_main(["status", *_args(laptop)]) == 0
    out = capsys.readouterr().out
    assert "Perubahan belum terkirim: 3" in out  # the visit and two requests
    assert "tidak dapat dihubungi" in out


def test_server_option_overrides_for_one_run(laptop, server, proxy):
    laptop.register(proxy.url)
    laptop.add_requests(2)
    proxy.set_offline(True)
    assert sync_main(["push", "--server", server.base_url, *_args(laptop)]) == 0
    assert laptop.store.registration()["server_url"] == proxy.url
    assert_converged(server, laptop)


def test_bad_server_address_is_a_usage_error(laptop, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    code = sync_main(["register", "--server", "jempol.local", "--username", "a", *_args(laptop)])
    assert code == EXIT_USAGE
    assert "Alamat server tidak valid" in capsys.readouterr().err


def test_wrong_password_is_refused(laptop, server, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("salah-sandi\n"))
    argv = ["register", "--server", server.base_url, "--username", OFFICER, *_args(laptop)]
    assert sync_main(argv) == 1
    assert "kata sandi salah" in capsys.readouterr().err
    assert laptop.store.registration() is None


def test_rejected_record_exits_5_and_is_marked(laptop, server, capsys):
    laptop.register(server.base_url)
    good, bad = laptop.add_requests(2)
    # A rule only the server knows about: simulate with a payload the server refuses.
    laptop.store.db.execute(
        "UPDATE outbox SET payload = json_set(payload, '$.nik', '12345') WHERE entity_uuid = ?",
        [bad["uuid"]],
    )
    laptop.store.db.conn.commit()
    assert sync_main(["run", *_args(laptop)]) == EXIT_REJECTED
    err = capsys.readouterr().err
    assert "ditolak" in err
    record = laptop.store.get_request(bad["uuid"])
    assert record["sync_state"] == "rejected"
    assert record["reject_code"]
    assert record["reject_message"]
    assert "12345" not in record["reject_message"]
    assert laptop.store.get_request(good["uuid"])["sync_state"] == "accepted"
    status = laptop.store.sync_status()
    assert status["rejected_records"] == 1
    assert status["pending_changes"] == 0  # acknowledged, even though one was refused

    laptop.edit(bad["uuid"], phone="081234567891")  # the officer corrects it: a new revision
    assert sync_main(["run", *_args(laptop)]) == 0
    assert laptop.store.get_request(bad["uuid"])["sync_state"] == "accepted"
    assert laptop.store.get_request(bad["uuid"])["reject_code"] is None


def test_clock_skew_over_five_minutes_warns(laptop, server, monkeypatch, capsys):
    laptop.register(server.base_url)
    real = time.time
    shifted = types.SimpleNamespace(time=lambda: real() + 600, monotonic=time.monotonic)
    monkeypatch.setattr(transport_module, "time", shifted)
    with laptop.client() as client:
        report = client.run()
    assert report.clock_skew_seconds == pytest.approx(-600, abs=5)
    assert "10 menit" in report.warnings[0]
    assert sync_main(["status", "--json", *_args(laptop)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["clock_skew_seconds"] == pytest.approx(-600, abs=5)
    assert "WITA" in status["clock_warning"]


def test_clock_in_step_gives_no_warning(laptop, server):
    laptop.register(server.base_url)
    with laptop.client() as client:
        report = client.run()
    assert abs(report.clock_skew_seconds) < 5
    assert report.warnings == []


def test_help_lists_exit_codes(capsys):
    with pytest.raises(SystemExit):
        sync_main(["--help"])
    out = capsys.readouterr().out
    for code in ("0", "3", "4", "5", "6"):
        assert f"  {code}  " in out


def test_docs_cover_every_command_and_exit_code():
    from pathlib import Path

    from sync.cli import build_parser

    doc = (Path(__file__).resolve().parents[2] / "docs" / "sync.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"jempol-sync {command}" in doc, command
    for code in range(7):
        assert f"| {code} |" in doc, code
