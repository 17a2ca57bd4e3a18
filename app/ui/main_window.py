"""The field officer's main window: request form, lists, stock, summary, status bar.

The sync client plugs in later: it adds actions to ``self.sync_menu`` and widgets to
the status bar, and calls ``refresh_all()`` after pulling changes.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from app import APP_NAME
from app.domain.regions import regions
from app.resources import resource_path
from app.store import RequestFilter
from app.store.officers import PROFILE_OFFICER_SETTING
from app.ui.help_actions import HelpActions
from app.ui.history_dialog import HistoryDialog
from app.ui.idle_lock import IdleLock, idle_lock_minutes
from app.ui.models import format_date
from app.ui.profile_dialog import ProfileDialog
from app.ui.reason_dialog import ReasonDialog
from app.ui.request_form import RequestForm, site_label
from app.ui.request_list import RequestListPanel
from app.ui.retention import RetentionRunner
from app.ui.settings_dialog import SettingsDialog
from app.ui.sign_in_dialog import SignInDialog, StoreGate
from app.ui.stock_panel import StockPanel
from app.ui.summary_panel import SummaryPanel
from app.ui.sync_controller import SyncController
from app.ui.targets_panel import TargetsPanel
from app.ui.visit_dialog import VisitDialog
from app.ui.widgets import error_text, select_data

OFFICER_SETTING = PROFILE_OFFICER_SETTING
NOTE_MS = 60_000  # how long a status-bar note stays
NOBODY = 0  # the viewer before an officer is known: no officer has id 0, so nothing shows

log = logging.getLogger("jempol.ui.main_window")


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "jempol.png")))


class MainWindow(QMainWindow):
    """``refreshed`` fires after every ``refresh_all()``."""

    refreshed = Signal()

    def __init__(
        self,
        store,
        *,
        lang: str = "id",
        sign_in: bool = True,
        profile_defaults: dict | None = None,
        idle_lock_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``idle_lock_ms`` overrides the 'idle_lock_minutes' setting (tests)."""
        super().__init__(parent)
        self.store = store
        self.lang = lang
        # first run after registering with the server: what the profile dialog prefills
        self.profile_defaults = dict(profile_defaults or {})
        self.officer: dict | None = None
        self.visit: dict | None = None
        self.profile_dialog: ProfileDialog | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.visit_dialog: VisitDialog | None = None
        self.cancel_dialog: ReasonDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.locked = False
        self.sign_in_tick_ms = 1000  # one countdown second of the sign-in dialog (tests)
        self._idle_lock_ms = idle_lock_ms
        self._hidden_dialogs: list[QWidget] = []
        self.idle_lock = IdleLock(self._idle_timeout_ms(), self)
        self.idle_lock.timed_out.connect(self.lock)
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)

        self.form = RequestForm(store, lang=lang)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.form)
        form_scroll.setMinimumWidth(440)

        self.today_list = RequestListPanel(store, self._today_filter(), lang=lang)
        self.today_list.setObjectName("today_list")
        self.all_list = RequestListPanel(store, self._all_filter(), searchable=True, lang=lang)
        self.all_list.setObjectName("all_list")
        self.stock_panel = StockPanel(store, lang=lang)
        self.summary_panel = SummaryPanel(store, lang=lang, visible_to=self._viewer())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.today_list, self.tr("Today"))
        self.tabs.addTab(self.all_list, self.tr("All requests"))
        self.tabs.addTab(self.stock_panel, self.tr("Blank e-KTP cards"))
        self.tabs.addTab(self.summary_panel, self.tr("Daily summary"))
        self.targets_panel = TargetsPanel(store, lang=lang)
        self.tabs.addTab(self.targets_panel, self.tr("Targets"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(form_scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.setCentralWidget(splitter)

        self.visit_status = QLabel()
        self.visit_status.setObjectName("visit_status")
        self.stock_status = QLabel()
        self.stock_status.setObjectName("stock_status")
        self.pending_status = QLabel()
        self.pending_status.setObjectName("pending_status")
        bar = self.statusBar()
        bar.addWidget(self.visit_status, 1)
        bar.addPermanentWidget(self.stock_status)
        bar.addPermanentWidget(self.pending_status)

        self._build_menus()
        self.sync_controller = SyncController(self)
        self.form.saved.connect(self._request_saved)
        for panel in (self.today_list, self.all_list):
            panel.edit_requested.connect(self.edit_request)
            panel.cancel_requested.connect(self.ask_cancel_request)
            panel.history_requested.connect(self.show_history)
        self.stock_panel.changed.connect(self.refresh_all)
        # The retention purge runs once, on a worker thread, after the sign-in at start.
        self.retention = RetentionRunner(store.path, self)
        self.retention.finished.connect(self._retention_done)
        self._purge_after_sign_in = False

        self._load_officer()
        if self.officer is None:
            QTimer.singleShot(0, self.ask_profile)
        elif sign_in:
            self._set_locked(True)
            self._purge_after_sign_in = True
            QTimer.singleShot(0, self.ask_sign_in)
        else:
            self.idle_lock.start()

    def _set_locked(self, locked: bool) -> None:
        """Hide residents' data and disable the menus until the officer signs in."""
        self.locked = locked
        self.centralWidget().setVisible(not locked)
        for action in self.menuBar().actions():
            action.setEnabled(not locked)

    def _idle_timeout_ms(self) -> int:
        if self._idle_lock_ms is not None:
            return self._idle_lock_ms
        return idle_lock_minutes(self.store) * 60_000

    def lock(self, note: str | None = None) -> None:
        """Idle for too long: hide the data (and open dialogs) and ask for the password.

        Nothing is closed or lost: the form keeps what was typed, and the dialogs that
        were open come back after the same officer's password. Another officer of this
        laptop may sign in instead: the window then shows their work, the previous
        officer's unsaved form and dialogs are dropped.
        """
        if self.locked or self.officer is None:
            return
        self.idle_lock.stop()
        self._hidden_dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and self._owns(w)
        ]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        self._set_locked(True)
        log.info("locked after %d ms without input", self.idle_lock.timeout_ms)
        self.ask_sign_in(
            note=note or self.tr("Jempol was locked after a while without use. Type your password.")
        )

    def switch_officer(self) -> None:
        """Lock now; any officer of this laptop signs in (their own team's work shows)."""
        if self.locked or self.officer is None:
            return
        self.lock(note=self.tr("Choose your name and type your offline password."))

    def ask_new_officer(self) -> None:
        """Another officer's profile on this shared laptop, with their own password."""
        if self.officer is None or self.locked:
            return
        dialog = ProfileDialog(self.store, lang=self.lang, parent=self)
        dialog.setObjectName("new_officer_dialog")
        select_data(dialog.kecamatan_combo, self.officer["kecamatan_code"])
        dialog.accepted.connect(lambda: self._officer_added(dialog.officer))
        self.profile_dialog = dialog
        dialog.open()

    def _officer_added(self, officer: dict | None) -> None:
        self.profile_dialog = None
        if officer:
            self.statusBar().showMessage(
                self.tr("%1 can now sign in on this laptop: File → Switch officer.").replace(
                    "%1", officer["name"]
                ),
                NOTE_MS,
            )

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def ask_sign_in(self, note: str = "") -> None:
        gate = StoreGate(self.store, self.officer, others=True)
        dialog = SignInDialog(gate, note=note, tick_ms=self.sign_in_tick_ms, parent=self)
        dialog.setObjectName("sign_in_dialog")
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self.close)
        self.sign_in_dialog = dialog
        dialog.open()

    def _signed_in(self) -> None:
        chosen = self.sign_in_dialog.gate.chosen if self.sign_in_dialog else None
        self.sign_in_dialog = None
        hidden, self._hidden_dialogs = self._hidden_dialogs, []
        if chosen and self.officer and chosen["id"] != self.officer["id"]:
            log.info("officer switched")
            for dialog in hidden:  # the previous officer's: not shown to the next one
                dialog.reject()
            hidden = []
            self.form.next_resident()
            self.store.set_setting(OFFICER_SETTING, chosen["id"])
            self._load_officer()
            self.refresh_all()
        self._set_locked(False)
        self.activateWindow()
        for dialog in hidden:
            dialog.show()
        if not hidden:
            self.form.nik_edit.setFocus()
        self.idle_lock.start()
        if self._purge_after_sign_in:
            self._purge_after_sign_in = False
            self.retention.start()

    def _retention_done(self, result) -> None:
        """A purge finished (``PurgeResult``): show what left the laptop."""
        if not result.requests:
            return
        self.refresh_all()
        self.statusBar().showMessage(
            self.tr(
                "%n approved request(s) older than %1 days removed from this laptop.",
                "",
                result.requests,
            ).replace("%1", str(result.days)),
            15000,
        )

    # --- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.settings_action = file_menu.addAction(self.tr("&Settings…"), self.show_settings)
        file_menu.addSeparator()
        self.switch_officer_action = file_menu.addAction(
            self.tr("S&witch officer…"), self.switch_officer
        )
        self.switch_officer_action.setShortcut(QKeySequence("Ctrl+L"))
        self.add_officer_action = file_menu.addAction(
            self.tr("&Add an officer on this laptop…"), self.ask_new_officer
        )
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        visit_menu = menu.addMenu(self.tr("&Visit"))
        self.start_visit_action = visit_menu.addAction(self.tr("&Start visit…"), self.ask_visit)
        self.end_visit_action = visit_menu.addAction(self.tr("&End visit"), self.confirm_end_visit)

        request_menu = menu.addMenu(self.tr("&Request"))
        # Ctrl+N and Ctrl+S are the form's own shortcuts; the menu only shows them.
        request_menu.addAction(self.tr("&Next resident") + "\tCtrl+N", self.form.next_resident)
        request_menu.addAction(self.tr("&Save") + "\tCtrl+S", self.form.save)
        request_menu.addAction(
            self.tr("&Pick from the target list…") + "\tF4", self.form.pick_target
        )
        request_menu.addSeparator()
        request_menu.addAction(self.tr("&Edit selected"), lambda: self._on_selected("edit"))
        request_menu.addAction(self.tr("&Cancel selected…"), lambda: self._on_selected("cancel"))
        request_menu.addAction(self.tr("&History of selected…"), lambda: self._on_selected("hist"))

        self.sync_menu = menu.addMenu(self.tr("S&ync"))
        self.sync_menu.setObjectName("sync_menu")

        help_menu = menu.addMenu(self.tr("&Help"))
        self.help_actions = HelpActions(self, help_menu)

    def _current_list(self) -> RequestListPanel:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, RequestListPanel) else self.today_list

    def _on_selected(self, what: str) -> None:
        uuid = self._current_list().selected_uuid()
        if not uuid:
            self.statusBar().showMessage(self.tr("Select a request in the list first."), 5000)
            return
        {"edit": self.edit_request, "cancel": self.ask_cancel_request, "hist": self.show_history}[
            what
        ](uuid)

    # --- officer and visit ------------------------------------------------------------
    def _load_officer(self) -> None:
        officers = self.store.officers()
        wanted = self.store.get_setting(OFFICER_SETTING)
        self.officer = next((o for o in officers if o["id"] == wanted), None) or (
            officers[0] if officers else None
        )
        self.visit = self.store.open_visit(self.officer["id"]) if self.officer else None
        self._apply_context()

    def _apply_context(self) -> None:
        officer = self.officer
        title = APP_NAME
        if officer:
            title = f"{APP_NAME} — {officer['name']} ({officer['nip']})"
        self.setWindowTitle(title)
        self.form.set_visit(officer, self.visit)
        self.stock_panel.set_officer(officer["id"] if officer else None)
        self.summary_panel.set_viewer(self._viewer())
        self.summary_panel.set_visit(self.visit)
        self.targets_panel.set_kecamatan(officer["kecamatan_code"] if officer else None)
        self.start_visit_action.setEnabled(officer is not None and self.visit is None)
        self.end_visit_action.setEnabled(self.visit is not None)
        self.today_list.set_base_filter(self._today_filter())
        self.all_list.set_base_filter(self._all_filter())
        self._update_status()

    def _viewer(self) -> int:
        """Whose work the window shows: the officer's and their team's on this laptop
        (``RequestFilter.visible_to``); nobody's before an officer is known."""
        return self.officer["id"] if self.officer else NOBODY

    def _all_filter(self) -> RequestFilter:
        return RequestFilter(visible_to=self._viewer())

    def _today_filter(self) -> RequestFilter:
        visit = getattr(self, "visit", None)
        if visit is not None:
            return RequestFilter(visit_uuid=visit["uuid"], visible_to=self._viewer())
        return RequestFilter(visit_date=date.today(), visible_to=self._viewer())

    def ask_profile(self) -> None:
        """First run: ask for the officer's profile; closing it closes the app."""
        dialog = ProfileDialog(self.store, lang=self.lang, parent=self)
        dialog.setObjectName("profile_dialog")
        defaults = self.profile_defaults
        if defaults.get("kecamatan_code"):
            select_data(dialog.kecamatan_combo, defaults["kecamatan_code"])
        for key, edit in (("name", dialog.name_edit), ("team", dialog.team_edit)):
            if defaults.get(key):
                edit.setText(defaults[key])
        dialog.accepted.connect(lambda: self._profile_created(dialog.officer))
        dialog.rejected.connect(self.close)
        self.profile_dialog = dialog
        dialog.open()

    def _profile_created(self, officer: dict | None) -> None:
        self.profile_dialog = None
        if officer:
            self.store.set_setting(OFFICER_SETTING, officer["id"])
        self._load_officer()
        if self.officer is not None:
            self.idle_lock.start()
        if self.officer and self.visit is None:
            QTimer.singleShot(0, self.ask_visit)

    def ask_visit(self) -> None:
        if self.officer is None or self.visit is not None:
            return
        dialog = VisitDialog(self.store, self.officer, lang=self.lang, parent=self)
        dialog.setObjectName("visit_dialog")
        dialog.accepted.connect(lambda: self._visit_started(dialog.visit))
        dialog.finished.connect(self._visit_dialog_closed)
        self.visit_dialog = dialog
        dialog.open()

    def _visit_dialog_closed(self) -> None:
        self.visit_dialog = None
        self.activateWindow()  # back to the form, cursor in the NIK field

    def _visit_started(self, visit: dict | None) -> None:
        self.visit = visit
        self._apply_context()
        self.form.next_resident()

    def confirm_end_visit(self) -> None:
        if self.visit is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("End visit"),
            self.tr("End the visit? New requests need a new visit afterwards."),
            parent=self,
        )
        end_button = box.addButton(self.tr("End visit"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Back"), QMessageBox.ButtonRole.RejectRole)
        box.setObjectName("end_visit_box")
        box.finished.connect(lambda: box.clickedButton() is end_button and self.end_visit())
        box.open()

    def end_visit(self) -> None:
        if self.visit is None or self.officer is None:
            return
        self.store.end_visit(self.visit["uuid"], self.officer["id"])
        self.visit = None
        self._apply_context()
        self.statusBar().showMessage(self.tr("Visit ended."), 5000)

    # --- requests ---------------------------------------------------------------------
    def _request_saved(self, record: dict) -> None:
        log.info("request %s saved (revision %s)", record["uuid"], record.get("revision"))
        self.refresh_all()
        self.today_list.select_uuid(record["uuid"])

    def edit_request(self, uuid: str) -> None:
        record = self.store.get_request(uuid, visible_to=self._viewer())
        if record is not None and self.form.load_request(record):
            self.statusBar().showMessage(self.tr("Request loaded into the form."), 5000)

    def ask_cancel_request(self, uuid: str) -> None:
        record = self.store.get_request(uuid, visible_to=self._viewer())
        if record is None or self.officer is None:
            return
        if record["status"] == "cancelled":
            self.statusBar().showMessage(self.tr("This request is already cancelled."), 5000)
            return
        dialog = ReasonDialog(
            self.tr("Cancel request"),
            self.tr("Why is the request of %1 cancelled?").replace("%1", record["name"]),
            accept_text=self.tr("Cancel the request"),
            parent=self,
        )
        dialog.setObjectName("cancel_dialog")
        dialog.accepted.connect(lambda: self.cancel_request(uuid, dialog.reason()))
        self.cancel_dialog = dialog
        dialog.open()

    def cancel_request(self, uuid: str, reason: str) -> bool:
        self.cancel_dialog = None
        try:
            self.store.cancel_request(self.officer["id"], uuid, reason)
        except ValueError as err:
            QMessageBox.warning(self, self.tr("Not cancelled"), error_text(err, self.lang))
            return False
        if self.form.editing_uuid == uuid:
            self.form.next_resident()
        self.refresh_all()
        self.statusBar().showMessage(self.tr("Request cancelled."), 5000)
        return True

    def show_history(self, uuid: str) -> None:
        if self.store.get_request(uuid, visible_to=self._viewer()) is None:
            return  # not this officer's or their team's
        dialog = HistoryDialog(self.store, uuid, visible_to=self._viewer(), parent=self)
        dialog.setObjectName("history_dialog")
        self.history_dialog = dialog
        dialog.open()

    # --- other dialogs ----------------------------------------------------------------
    def show_settings(self) -> None:
        dialog = SettingsDialog(self.store, parent=self)
        dialog.setObjectName("settings_dialog")
        dialog.accepted.connect(lambda: self.idle_lock.set_timeout_ms(self._idle_timeout_ms()))
        self.settings_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        self.help_actions.show_about()

    # --- refreshing -------------------------------------------------------------------
    def refresh_all(self) -> None:
        """Reload lists, stock, summary and counters (after a save or a sync pull)."""
        if self.officer is not None:
            self.visit = self.store.open_visit(self.officer["id"])
        self.today_list.set_base_filter(self._today_filter())
        self.all_list.refresh()
        self.stock_panel.refresh()
        self.summary_panel.set_visit(self.visit)
        self.targets_panel.refresh()
        self._update_status()
        self.refreshed.emit()

    def _update_status(self) -> None:
        visit = self.visit
        if visit is None:
            self.visit_status.setText(self.tr("No visit in progress"))
        else:
            region = regions().get(visit["desa_code"])
            self.visit_status.setText(
                self.tr("Visit: %1, %2 (%3)")
                .replace("%1", region.name if region else visit["desa_code"])
                .replace("%2", format_date(visit["visit_date"]))
                .replace("%3", site_label(visit["site"]))
            )
        if self.officer is not None:
            balance = self.stock_panel.balance()
            self.stock_status.setText(self.tr("Blank cards: %n", "", balance))
            low = self.stock_panel.is_low()
            self.stock_status.setStyleSheet("color: #b00020; font-weight: bold;" if low else "")
        else:
            self.stock_status.setText("")
        pending = self.store.pending_changes()
        self.pending_status.setText(self.tr("%n change(s) waiting for sync", "", pending))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        for dialog in (self.profile_dialog, self.sign_in_dialog, self.visit_dialog):
            if dialog is not None:
                dialog.blockSignals(True)
        self.idle_lock.stop()
        self.retention.stop()  # a running purge ends after its current chunk
        self.sync_controller.shutdown()  # stop the sync thread before the window goes
        super().closeEvent(event)
