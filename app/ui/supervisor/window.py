"""The supervisor's workspace: inbox of synced batches, a batch's records, one record.

Layout: left the inbox (filters + batches with their pending/approved/returned/rejected
counts); right the records of the chosen batch above the record under review. The
keyboard drives the review: A approve, R return (asks for a comment), X reject (asks
for a reason), J/K or the arrow keys next/previous record; after a decision the next
record is selected at once while the decision travels to the server on the worker
thread. Every answer refreshes the lists; a failure shows in the error line.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.domain.regions import regions
from app.resources import resource_path
from app.ui.reason_dialog import ReasonDialog
from app.ui.supervisor.dashboard import DashboardWidget
from app.ui.supervisor.export import ExportController
from app.ui.supervisor.login_dialog import SupervisorLoginDialog
from app.ui.supervisor.models import BatchTableModel, RecordTableModel, review_state_text
from app.ui.supervisor.record_view import RecordView
from app.ui.widgets import MessageLabel, kecamatan_combo, select_data

DECISION_STATES = {"approve": "approved", "return": "returned", "reject": "rejected"}
DETAIL_DELAY_MS = 60  # holding J/K loads only the record the supervisor stops on


def _table_view(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class SupervisorWindow(QMainWindow):
    """``session``: ``{username, role, kecamatan_code, server_url}`` from the login.

    Signals for whoever waits on the window (tests, the launcher): ``detail_shown(uuid)``
    when a record's detail is on screen, ``decided(uuid, decision)`` when the server has
    stored a decision, ``approved_clean(approved, skipped)``, ``closed``.
    """

    detail_shown = Signal(str)
    decided = Signal(str, str)
    approved_clean = Signal(int, int)
    closed = Signal()

    def __init__(
        self,
        service,
        session: dict,
        *,
        store=None,
        lang: str = "id",
        owns_service: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.session = dict(session)
        self.store = store
        self.lang = lang
        self._owns_service = owns_service
        self._batch_uuid: str | None = None
        self._record_uuid: str | None = None  # survives a reload of the record list
        self._advance_pending = False
        self.reason_dialog: ReasonDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.login_dialog: SupervisorLoginDialog | None = None
        self.setWindowIcon(QIcon(str(resource_path("icons", "jempol.png"))))
        self.resize(1360, 860)

        self.batch_model = BatchTableModel(service, lang=lang, parent=self)
        self.record_model = RecordTableModel(service, lang=lang, parent=self)
        self.record_view = RecordView(lang=lang)
        self.record_view.setObjectName("record_view")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_inbox())
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._build_records())
        right.addWidget(self.record_view)
        right.setSizes([320, 540])
        splitter.addWidget(right)
        splitter.setSizes([560, 800])
        self.error_label = MessageLabel()
        self.error_label.setObjectName("error_label")
        central = QWidget()
        central_layout = QVBoxLayout(central)
        # Tabs: the review workspace and the dashboard (loads when first shown).
        self.dashboard = DashboardWidget(self.session, lang=lang)
        self.dashboard.setObjectName("dashboard")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisor_tabs")
        self.tabs.addTab(splitter, self.tr("Review"))
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.exporter: ExportController | None = None
        central_layout.addWidget(self.tabs, 1)
        central_layout.addWidget(self.error_label)
        self.setCentralWidget(central)

        self.who_label = QLabel()
        self.who_label.setObjectName("who_label")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busy_label")
        self.statusBar().addWidget(self.who_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self.load_detail)

        self._build_menus()
        self.batch_table.setModel(self.batch_model)
        self.record_table.setModel(self.record_model)
        self.batch_table.selectionModel().currentRowChanged.connect(self._batch_changed)
        self.record_table.selectionModel().currentRowChanged.connect(self._record_changed)
        self.batch_model.loaded.connect(self._batches_loaded)
        self.record_model.loaded.connect(self._records_loaded)
        self.batch_model.failed.connect(self.show_error)
        self.record_model.failed.connect(self.show_error)
        self.service.busy_changed.connect(self._busy)
        self.service.session_ended.connect(self.ask_sign_in_again)

        self._apply_session()
        self.reload_batches()

    # --- building -----------------------------------------------------------------------
    def _build_inbox(self) -> QWidget:
        self.kecamatan_combo = kecamatan_combo(with_all=True)
        self.kecamatan_combo.setObjectName("kecamatan_filter")
        self.desa_combo = QComboBox()
        self.desa_combo.setObjectName("desa_filter")
        self.team_edit = QLineEdit()
        self.team_edit.setObjectName("team_filter")
        self.team_edit.setClearButtonEnabled(True)
        self.officer_edit = QLineEdit()
        self.officer_edit.setObjectName("officer_filter")
        self.officer_edit.setClearButtonEnabled(True)
        self.date_check = QCheckBox(self.tr("Received between"))
        self.date_check.setObjectName("date_filter")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-7))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setEnabled(False)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("state_filter")
        self.state_combo.addItem(self.tr("All batches"), None)
        self.state_combo.addItem(self.tr("New"), "new")
        self.state_combo.addItem(self.tr("In review"), "in_review")
        self.state_combo.addItem(self.tr("Done"), "done")

        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        form = QFormLayout()
        self.kecamatan_label = QLabel(self.tr("District (kecamatan)"))
        form.addRow(self.kecamatan_label, self.kecamatan_combo)
        form.addRow(self.tr("Village"), self.desa_combo)
        form.addRow(self.tr("Team"), self.team_edit)
        form.addRow(self.tr("Officer"), self.officer_edit)
        form.addRow(self.date_check, dates)
        form.addRow(self.tr("State"), self.state_combo)

        self.batch_table = _table_view("batch_table")
        self.batch_count = QLabel()
        self.batch_count.setObjectName("batch_count")

        self.kecamatan_combo.currentIndexChanged.connect(self._kecamatan_changed)
        for combo in (self.desa_combo, self.state_combo):
            combo.currentIndexChanged.connect(self.reload_batches)
        for edit in (self.team_edit, self.officer_edit):
            edit.editingFinished.connect(self.reload_batches)
        self.date_check.toggled.connect(self._dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload_batches)

        panel = QWidget()
        layout = QVBoxLayout(panel)
        title = QLabel(self.tr("Inbox: synced batches"))
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.batch_table, 1)
        layout.addWidget(self.batch_count)
        return panel

    def _build_records(self) -> QWidget:
        self.record_state_combo = QComboBox()
        self.record_state_combo.setObjectName("record_state_filter")
        self.record_state_combo.addItem(self.tr("All records"), None)
        for state in ("pending", "approved", "returned", "rejected"):
            self.record_state_combo.addItem(review_state_text(state), state)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("record_search")
        self.search_edit.setPlaceholderText(self.tr("NIK or name…"))
        self.search_edit.setClearButtonEnabled(True)
        self.approve_clean_button = QPushButton(self.tr("Approve all clean"))
        self.approve_clean_button.setObjectName("approve_clean")
        self.approve_clean_button.setToolTip(
            self.tr("Approve every pending record of the batch without flags or warnings")
        )
        self.approve_clean_button.setEnabled(False)
        self.approve_clean_button.clicked.connect(self.confirm_approve_clean)
        self.record_state_combo.currentIndexChanged.connect(self.reload_records)
        self.search_edit.editingFinished.connect(self.reload_records)

        bar = QHBoxLayout()
        bar.addWidget(self.record_state_combo)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.approve_clean_button)
        self.record_table = _table_view("record_table")
        self.record_count = QLabel()
        self.record_count.setObjectName("record_count")
        hint = QLabel(self.tr("Keys: A approve · R return · X reject · J/K or ↓/↑ next/previous"))
        hint.setStyleSheet("color: #555;")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.record_table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.record_count, 1)
        footer.addWidget(hint)
        layout.addLayout(footer)
        return panel

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.refresh_action = file_menu.addAction(self.tr("&Refresh"), self.refresh_all)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.export_action = file_menu.addAction(
            self.tr("&Export records (XLSX/CSV)…"), self.export_records
        )
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        review = menu.addMenu(self.tr("Re&view"))
        self.approve_action = self._key_action(
            review, self.tr("&Approve"), "A", lambda: self.decide_current("approve")
        )
        self.return_action = self._key_action(
            review, self.tr("&Return for correction…"), "R", self.ask_return
        )
        self.reject_action = self._key_action(review, self.tr("Re&ject…"), "X", self.ask_reject)
        review.addSeparator()
        self.next_action = self._key_action(review, self.tr("&Next record"), "J", self.select_next)
        self.previous_action = self._key_action(
            review, self.tr("&Previous record"), "K", self.select_previous
        )
        review.addSeparator()
        review.addAction(self.tr("Approve all &clean…"), self.confirm_approve_clean)

    def _key_action(self, menu, text: str, key: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: self._from_keyboard(slot))
        menu.addAction(action)
        return action

    def _from_keyboard(self, slot) -> None:
        """Letter keys belong to a focused choice box or date field, not to the review."""
        focus = QApplication.focusWidget()
        if isinstance(focus, (QComboBox, QAbstractSpinBox, QLineEdit)):
            return
        slot()

    # --- session ------------------------------------------------------------------------
    def _apply_session(self) -> None:
        session = self.session
        is_admin = session.get("role") == "admin"
        self.kecamatan_combo.setVisible(is_admin)
        self.kecamatan_label.setVisible(is_admin)
        kecamatan = session.get("kecamatan_code")
        if not is_admin:
            select_data(self.kecamatan_combo, kecamatan)
        self._fill_desa(self._kecamatan())
        region = regions().get(kecamatan) if kecamatan else None
        area = region.name if region else self.tr("all districts")
        role = self.tr("admin") if is_admin else self.tr("supervisor")
        self.who_label.setText(
            self.tr("Signed in as %1 (%2, %3) at %4")
            .replace("%1", session.get("username", ""))
            .replace("%2", role)
            .replace("%3", area)
            .replace("%4", session.get("server_url", ""))
        )
        self.setWindowTitle(
            f"{APP_NAME} — " + self.tr("Review") + f" — {session.get('username', '')}"
        )

    def ask_sign_in_again(self) -> None:
        if self.login_dialog is not None:
            return
        dialog = SupervisorLoginDialog(
            self.service,
            self.store,
            lang=self.lang,
            username=self.session.get("username", ""),
            server_url=self.session.get("server_url", ""),
            parent=self,
        )
        dialog.setObjectName("relogin_dialog")
        dialog.error.show_message(self.tr("The session has ended. Sign in again."))
        dialog.signed_in.connect(self._signed_in_again)
        dialog.finished.connect(self._login_dialog_closed)
        self.login_dialog = dialog
        dialog.open()

    def _signed_in_again(self, session: dict) -> None:
        self.session = dict(session)
        self._apply_session()
        self.dashboard.apply_session(self.session)
        self.refresh_all()

    def _login_dialog_closed(self) -> None:
        self.login_dialog = None

    # --- filters ------------------------------------------------------------------------
    def _kecamatan(self) -> str | None:
        if self.session.get("role") == "admin":
            return self.kecamatan_combo.currentData()
        return self.session.get("kecamatan_code")

    def _fill_desa(self, kecamatan: str | None) -> None:
        self.desa_combo.blockSignals(True)
        self.desa_combo.clear()
        self.desa_combo.addItem(self.tr("All villages"), None)
        if kecamatan:
            for region in regions().desa_of(kecamatan):
                self.desa_combo.addItem(region.name, region.code)
        self.desa_combo.blockSignals(False)

    def _kecamatan_changed(self) -> None:
        self._fill_desa(self._kecamatan())
        self.reload_batches()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload_batches()

    def batch_query(self) -> dict:
        query = {
            "desa": self.desa_combo.currentData(),
            "team": self.team_edit.text().strip(),
            "officer": self.officer_edit.text().strip(),
            "state": self.state_combo.currentData(),
        }
        if self.session.get("role") == "admin":
            query["kecamatan"] = self.kecamatan_combo.currentData()
        if self.date_check.isChecked():
            query["date_from"] = self.date_from.date().toPython()
            query["date_to"] = self.date_to.date().toPython()
        return query

    def record_query(self) -> dict:
        return {
            "batch_uuid": self._batch_uuid,
            "state": self.record_state_combo.currentData(),
            "q": self.search_edit.text().strip(),
        }

    # --- loading ------------------------------------------------------------------------
    def reload_batches(self) -> None:
        self.batch_model.set_query(**self.batch_query())

    def reload_records(self) -> None:
        if self._batch_uuid is None:
            self.record_model.clear()
            self._records_loaded()
            return
        self.record_model.set_query(**self.record_query())

    def refresh_all(self) -> None:
        self.error_label.clear_message()
        self.batch_model.refresh()
        self.record_model.refresh()
        self.load_detail()

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Talking to the server…") if busy else "")

    def show_error(self, error) -> None:
        message = error.message(self.lang) if hasattr(error, "message") else str(error)
        self.error_label.show_message(message)

    def _batches_loaded(self) -> None:
        self.error_label.clear_message()
        self.batch_count.setText(self.tr("%n batch(es)", "", self.batch_model.total))
        self.batch_table.resizeColumnsToContents()
        row = self.batch_model.row_of(self._batch_uuid)
        if row >= 0:
            self._select_row(self.batch_table, row)
        self.approve_clean_button.setEnabled(self._batch_uuid is not None)

    def _batch_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        uuid = self.batch_model.key_at(current.row()) if current.isValid() else None
        if uuid is None or uuid == self._batch_uuid:
            return
        self._batch_uuid = uuid
        self._record_uuid = None
        self.approve_clean_button.setEnabled(True)
        self.record_view.show_detail(None)
        self.reload_records()

    def _records_loaded(self) -> None:
        self.record_count.setText(
            self.tr("%n record(s) in this batch", "", self.record_model.total)
        )
        self.record_table.resizeColumnsToContents()
        if self._advance_pending:
            self._advance_pending = False
            self.select_next()
            return
        if self.current_record_uuid() is not None:
            return
        row = self.record_model.row_of(self._record_uuid)
        if row < 0 and self.record_model.rowCount() > 0:
            row = 0
        self._select_row(self.record_table, row)

    def _record_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._record_uuid = self.record_model.key_at(current.row())
            self._detail_timer.start()

    def load_detail(self) -> None:
        uuid = self.current_record_uuid()
        if uuid is None:
            return
        self.service.call(
            "record",
            {"record_uuid": uuid},
            lambda detail: self._detail_arrived(uuid, detail),
            self.show_error,
        )

    def _detail_arrived(self, uuid: str, detail) -> None:
        if uuid != self.current_record_uuid():
            return  # the supervisor has moved on
        self.record_view.show_detail(detail.model_dump(mode="json"))
        self.detail_shown.emit(uuid)

    # --- selection ----------------------------------------------------------------------
    def current_record_uuid(self) -> str | None:
        index = self.record_table.currentIndex()
        return self.record_model.key_at(index.row()) if index.isValid() else None

    def current_batch_uuid(self) -> str | None:
        return self._batch_uuid

    @staticmethod
    def _select_row(view: QTableView, row: int) -> None:
        if row < 0 or row >= view.model().rowCount():
            return
        index = view.model().index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            view.selectionModel().SelectionFlag.ClearAndSelect
            | view.selectionModel().SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def select_batch(self, batch_uuid: str) -> bool:
        row = self.batch_model.row_of(batch_uuid)
        self._select_row(self.batch_table, row)
        return row >= 0

    def select_record(self, record_uuid: str) -> bool:
        row = self.record_model.row_of(record_uuid)
        self._select_row(self.record_table, row)
        return row >= 0

    def select_next(self) -> None:
        index = self.record_table.currentIndex()
        row = index.row() + 1 if index.isValid() else 0
        if row < self.record_model.rowCount():
            self._select_row(self.record_table, row)
        elif self.record_model.canFetchMore():
            self._advance_pending = True
            self.record_model.fetchMore()
        else:
            self.statusBar().showMessage(self.tr("That was the last record of the list."), 4000)

    def select_previous(self) -> None:
        index = self.record_table.currentIndex()
        if index.isValid() and index.row() > 0:
            self._select_row(self.record_table, index.row() - 1)

    # --- decisions ----------------------------------------------------------------------
    def decide_current(self, decision: str, comment: str = "") -> None:
        uuid = self.current_record_uuid()
        if uuid is None:
            self.statusBar().showMessage(self.tr("Select a record first."), 4000)
            return
        self.send_decision(uuid, decision, comment)
        self.select_next()

    def send_decision(self, uuid: str, decision: str, comment: str = "") -> None:
        self.service.call(
            "decide",
            {"record_uuid": uuid, "decision": decision, "comment": comment},
            lambda _result: self._decision_stored(uuid, decision),
            self.show_error,
        )

    def _decision_stored(self, uuid: str, decision: str) -> None:
        self.error_label.clear_message()
        self.record_model.update_row(uuid, review_state=DECISION_STATES[decision])
        self.batch_model.refresh()
        if uuid == self.current_record_uuid():
            self.load_detail()
        self.statusBar().showMessage(
            self.tr("Decision saved: %1.").replace(
                "%1", review_state_text(DECISION_STATES[decision])
            ),
            4000,
        )
        self.decided.emit(uuid, decision)

    def ask_return(self) -> None:
        self._ask_reason(
            "return",
            self.tr("Return for correction"),
            self.tr("What must the officer correct? The officer sees this comment."),
            self.tr("Return"),
        )

    def ask_reject(self) -> None:
        self._ask_reason(
            "reject",
            self.tr("Reject record"),
            self.tr("Why is the record rejected? The officer sees this reason."),
            self.tr("Reject"),
        )

    def _ask_reason(self, decision: str, title: str, prompt: str, accept_text: str) -> None:
        uuid = self.current_record_uuid()
        if uuid is None:
            self.statusBar().showMessage(self.tr("Select a record first."), 4000)
            return
        row = self.record_model.row_dict(self.record_model.row_of(uuid)) or {}
        details = [f"{row.get('name', '')} · NIK {row.get('nik', '')}"]
        dialog = ReasonDialog(title, prompt, details=details, accept_text=accept_text, parent=self)
        dialog.setObjectName(f"{decision}_dialog")
        dialog.accepted.connect(lambda: self._reason_given(uuid, decision, dialog.reason()))
        dialog.finished.connect(self._reason_dialog_closed)
        self.reason_dialog = dialog
        dialog.open()

    def _reason_given(self, uuid: str, decision: str, reason: str) -> None:
        self.send_decision(uuid, decision, reason)
        if uuid == self.current_record_uuid():
            self.select_next()

    def _reason_dialog_closed(self) -> None:
        self.reason_dialog = None
        self.record_table.setFocus()

    def confirm_approve_clean(self) -> None:
        batch = self._batch_uuid
        if batch is None:
            self.statusBar().showMessage(self.tr("Select a batch first."), 4000)
            return
        row = self.batch_model.row_dict(self.batch_model.row_of(batch)) or {}
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Approve all clean"),
            self.tr(
                "Approve every pending record of this batch that has no flags and no "
                "warnings? (%1 pending). Flagged records stay pending for a look."
            ).replace("%1", str(row.get("pending", "?"))),
            parent=self,
        )
        box.setObjectName("approve_clean_box")
        yes = box.addButton(self.tr("Approve"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("approve_clean_yes")
        box.addButton(self.tr("Back"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(
            lambda: self._approve_clean_answered(box.clickedButton() is yes, batch)
        )
        self.confirm_box = box
        box.open()

    def _approve_clean_answered(self, confirmed: bool, batch_uuid: str) -> None:
        self.confirm_box = None
        if confirmed:
            self.service.call(
                "approve_clean",
                {"batch_uuid": batch_uuid},
                self._clean_approved,
                self.show_error,
            )

    def _clean_approved(self, result) -> None:
        self.statusBar().showMessage(
            self.tr("%1 approved, %2 left for a closer look.")
            .replace("%1", str(result.approved))
            .replace("%2", str(result.skipped)),
            8000,
        )
        self.refresh_all()
        self.approved_clean.emit(result.approved, result.skipped)

    # --- export -------------------------------------------------------------------------
    def export_records(self) -> None:
        """Export the records the filters select (batch, state, search, desa) to a file."""
        filters = {**self.record_query(), "desa": self.desa_combo.currentData()}
        if self.session.get("role") == "admin":
            filters["kecamatan"] = self.kecamatan_combo.currentData()
        self.exporter = ExportController(self.session, filters, lang=self.lang, parent=self)
        self.exporter.finished.connect(
            lambda path, rows: self.statusBar().showMessage(
                self.tr("%1 record(s) exported to %2.")
                .replace("%1", str(rows))
                .replace("%2", path),
                8000,
            )
        )
        self.exporter.failed.connect(self.error_label.show_message)
        self.exporter.choose_file()

    # --- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        for dialog in (self.reason_dialog, self.confirm_box, self.login_dialog):
            if dialog is not None:
                dialog.blockSignals(True)
        self._detail_timer.stop()
        self.dashboard.shutdown()
        if self._owns_service:
            self.service.shutdown()
        super().closeEvent(event)
        self.closed.emit()
