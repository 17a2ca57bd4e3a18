"""The app's sync controller against the real server (pytest-qt, offscreen)."""

from __future__ import annotations

from sync.client import sync_lock
from tests.support.live_server import PASSWORD
from tests.sync.conftest import OFFICER, SUPERVISOR


def test_sync_now_sends_everything_and_refreshes(qtbot, server, laptop, window):
    controller = window.sync_controller
    laptop.register(server.base_url)
    records = laptop.add_requests(5)
    assert laptop.store.pending_changes() == 6
    action_texts = [a.text() for a in window.sync_menu.actions()]
    assert "Sinkronkan sekarang" in action_texts

    with qtbot.waitSignal(window.refreshed, timeout=30000):
        with qtbot.waitSignal(controller.finished, timeout=30000) as finished:
            assert controller.sync_now()
            assert controller.status_widget.progress_bar.isVisible()
    report = finished.args[0]
    assert report["records_sent"] == 6 and report["rejected"] == 0
    assert laptop.store.pending_changes() == 0
    assert controller.status_widget.progress_bar.isHidden()
    assert "terhubung" in controller.status_widget.online_label.text()
    assert "Sinkron terakhir" in controller.status_widget.last_label.text()
    assert "0 perubahan" in window.pending_status.text() or "0 change" in (
        window.pending_status.text()
    )

    server.decide(SUPERVISOR, records[0]["uuid"], "return", "Tanda tangan kurang")
    with qtbot.waitSignal(controller.finished, timeout=30000) as finished:
        controller.sync_now()
    assert finished.args[0]["reviews_applied"] == 1
    assert laptop.store.get_request(records[0]["uuid"])["review_state"] == "returned"


def test_failure_is_reported_with_the_message(qtbot, server, proxy, laptop, window):
    controller = window.sync_controller
    controller.worker.config.transport.retries = 0
    laptop.register(proxy.url)
    laptop.add_requests(1)
    proxy.set_offline(True)
    with qtbot.waitSignal(controller.failed, timeout=30000) as failed:
        controller.sync_now()
    assert "tidak dapat dihubungi" in failed.args[0]
    assert "tidak terhubung" in controller.status_widget.online_label.text()
    assert controller.failures == 1
    assert controller.interval_ms() == 2 * controller.base_interval  # backing off
    assert laptop.store.pending_changes() == 2


def test_second_sync_is_refused_while_locked(qtbot, server, laptop, window):
    controller = window.sync_controller
    laptop.register(server.base_url)
    with sync_lock(laptop.data_dir):
        with qtbot.waitSignal(controller.failed, timeout=30000) as failed:
            controller.sync_now()
    assert "sedang berjalan" in failed.args[0]


def test_registration_dialog_registers_and_auto_sync_follows(qtbot, server, laptop, window):
    controller = window.sync_controller
    laptop.add_requests(2)
    controller.show_settings()
    dialog = controller.dialog
    dialog.url_edit.setText(server.base_url)
    dialog.username_edit.setText(OFFICER)
    dialog.register_button.click()
    assert "wajib diisi" in dialog.message.text()  # no password yet
    dialog.password_edit.setText(PASSWORD)
    # Registering starts a probe at once; the server answers and there is work: auto-sync.
    with qtbot.waitSignal(controller.finished, timeout=30000):
        with qtbot.waitSignal(controller.registration_done, timeout=30000) as done:
            dialog.register_button.click()
        assert done.args[0] is True
        assert OFFICER in dialog.message.text()
        assert dialog.password_edit.text() == ""
    assert laptop.store.registration()["officer_username"] == OFFICER
    assert laptop.store.pending_changes() == 0
