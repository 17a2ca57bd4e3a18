"""The supervisor dashboard: charts for a monthly report (QtCharts).

Five charts over the supervisor's kecamatan (an admin: every kecamatan or one):
requests per day per kecamatan (lines), requests per service (bars), the review backlog
by age (bars), e-KTP recording coverage of the target lists per kecamatan against the
99.40 % target (bars and a target line), and the blank-card stock reported by each team.

The data comes from ``GET /api/v1/dashboard`` on a worker thread (:class:`DashboardWorker`,
its own ``DashboardClient``); it reports by signals only. "Export image" saves the chosen
chart, or the whole dashboard, to a PNG file.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QObject, QPointF, Qt, QThread, QTime, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.regions import regions
from app.domain.services import label as service_label
from app.ui.widgets import INFO_STYLE, MessageLabel, kecamatan_combo, select_data
from sync.dashboard_client import DashboardClient
from sync.dashboard_protocol import Dashboard, backlog_bucket_labels
from sync.review_client import ReviewError
from sync.transport import TransportConfig

CHART_NAMES = ("daily", "services", "backlog", "coverage", "stock")
CHART_SIZE = (620, 340)
TARGET_COLOUR = QColor("#b00020")
SHUTDOWN_WAIT_MS = 35_000


def kecamatan_name(code: str) -> str:
    region = regions().get(code) if code else None
    return region.name if region else code


class DashboardWorker(QObject):
    """Lives in the widget's thread; owns one DashboardClient (one requests.Session)."""

    loaded = Signal(int, object)  # job id, Dashboard
    failed = Signal(int, object)  # job id, ReviewError

    def __init__(self, config: TransportConfig | None = None) -> None:
        super().__init__()
        self._config = config
        self._client: DashboardClient | None = None
        self._key: tuple[str, str] | None = None

    @Slot(int, str, str, object)
    def load(self, job_id: int, server_url: str, token: str, kwargs: dict) -> None:
        try:
            if not token:
                raise ReviewError("session_expired")
            if self._key != (server_url, token):
                self.close()
                self._client = DashboardClient(server_url, token, self._config)
                self._key = (server_url, token)
            assert self._client is not None
            result = self._client.dashboard(**kwargs)
        except ReviewError as err:
            self.failed.emit(job_id, err)
            return
        except Exception as exc:  # a bug must not kill the thread silently
            self.failed.emit(job_id, ReviewError("internal", detail=type(exc).__name__))
            return
        self.loaded.emit(job_id, result)

    @Slot()
    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
        self._key = None


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    return chart


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _value_axis(maximum: float, label_format: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(1.0, maximum * 1.1))
    axis.setLabelFormat(label_format)
    return axis


def _bars(chart: QChart, name: str, categories: list[str], values: list[float], fmt="%d"):
    """One bar set over ``categories``; returns (series, x axis, y axis)."""
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    series = QBarSeries()
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append(categories or [""])
    x_axis.setLabelsAngle(-45 if len(categories) > 6 else 0)
    y_axis = _value_axis(max(values, default=0), fmt)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return series, x_axis, y_axis


class DashboardWidget(QWidget):
    """``session``: ``{server_url, token, role, kecamatan_code, ...}`` of the signed-in
    supervisor or admin. Signals: ``loaded(Dashboard)`` when data arrived, ``drawn(ms)``
    after the charts were redrawn, ``failed(message)``, ``image_saved(path)``."""

    loaded = Signal(object)
    drawn = Signal(float)
    failed = Signal(str)
    image_saved = Signal(str)
    _request = Signal(int, str, str, object)
    _close = Signal()

    def __init__(
        self,
        session: dict,
        *,
        lang: str = "id",
        config: TransportConfig | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = dict(session)
        self.lang = lang
        self.data: Dashboard | None = None
        self.file_dialog: QFileDialog | None = None
        self._job = 0

        self._thread = QThread(self)
        self._thread.setObjectName("dashboard-worker")
        self._worker = DashboardWorker(config)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.load)
        self._close.connect(self._worker.close)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

        self._build()
        self.apply_session(self.session)

    # --- building -----------------------------------------------------------------------
    def _build(self) -> None:
        self.kecamatan_combo = kecamatan_combo(with_all=True)
        self.kecamatan_combo.setObjectName("dashboard_kecamatan")
        self.kecamatan_label = QLabel(self.tr("District"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-29))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("dashboard_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.chart_choice = QComboBox()
        self.chart_choice.setObjectName("dashboard_chart_choice")
        self.export_button = QPushButton(self.tr("Export image…"))
        self.export_button.setObjectName("dashboard_export_image")
        self.export_button.clicked.connect(self.export_image)

        bar = QHBoxLayout()
        bar.addWidget(self.kecamatan_label)
        bar.addWidget(self.kecamatan_combo)
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.chart_choice)
        bar.addWidget(self.export_button)

        titles = {
            "daily": self.tr("Requests per day"),
            "services": self.tr("Requests per service"),
            "backlog": self.tr("Records waiting for review, by age (days)"),
            "coverage": self.tr("e-KTP recording coverage of the target list (%)"),
            "stock": self.tr("Blank e-KTP cards on hand per team"),
        }
        self.chart_choice.addItem(self.tr("Whole dashboard"), None)
        self.charts: dict[str, QChart] = {}
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout()
        for index, name in enumerate(CHART_NAMES):
            chart = _chart(titles[name])
            view = QChartView(chart)
            view.setObjectName(f"chart_{name}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(*CHART_SIZE)
            self.charts[name] = chart
            self.views[name] = view
            grid.addWidget(view, index // 2, index % 2)
            self.chart_choice.addItem(titles[name], name)
        self.chart_area = QWidget()
        self.chart_area.setObjectName("dashboard_charts")
        self.chart_area.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_area)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("dashboard_summary")
        self.message = MessageLabel()
        self.message.setObjectName("dashboard_message")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def apply_session(self, session: dict) -> None:
        """A (new) sign-in: the admin chooses a kecamatan, a supervisor has one."""
        self.session = dict(session)
        is_admin = self.session.get("role") == "admin"
        self.kecamatan_combo.setVisible(is_admin)
        self.kecamatan_label.setVisible(is_admin)
        if not is_admin:
            select_data(self.kecamatan_combo, self.session.get("kecamatan_code"))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The first time the dashboard is shown, it loads itself."""
        super().showEvent(event)
        if self.data is None and self._job == 0:
            self.refresh()

    # --- loading ------------------------------------------------------------------------
    def query(self) -> dict:
        query = {
            "date_from": self.date_from.date().toPython(),
            "date_to": self.date_to.date().toPython(),
        }
        if self.session.get("role") == "admin":
            query["kecamatan"] = self.kecamatan_combo.currentData()
        return query

    def refresh(self) -> int:
        """Ask the server for the dashboard of the current filters; returns the job id."""
        self._job += 1
        self.refresh_button.setEnabled(False)
        self.message.show_message(self.tr("Loading the dashboard…"), INFO_STYLE)
        self._request.emit(
            self._job,
            self.session.get("server_url", ""),
            self.session.get("token", ""),
            self.query(),
        )
        return self._job

    @Slot(int, object)
    def _on_loaded(self, job_id: int, data: Dashboard) -> None:
        if job_id != self._job:
            return  # an older answer: the filters changed meanwhile
        self.refresh_button.setEnabled(True)
        self.message.clear_message()
        self.set_data(data)
        self.loaded.emit(data)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: ReviewError) -> None:
        if job_id != self._job:
            return
        self.refresh_button.setEnabled(True)
        text = error.message(self.lang) if hasattr(error, "message") else str(error)
        self.message.show_message(text)
        self.failed.emit(text)

    def shutdown(self) -> None:
        """Close the session and stop the worker thread (waits for a call in flight)."""
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait(SHUTDOWN_WAIT_MS)

    # --- drawing ------------------------------------------------------------------------
    def set_data(self, data: Dashboard) -> float:
        """Redraw every chart from ``data``; returns the milliseconds it took."""
        started = time.perf_counter()
        self.data = data
        self._draw_daily(data)
        self._draw_services(data)
        self._draw_backlog(data)
        self._draw_coverage(data)
        self._draw_stock(data)
        pending = sum(row.pending for row in data.backlog)
        targets = sum(row.targets for row in data.coverage)
        served = sum(row.served for row in data.coverage)
        area = kecamatan_name(data.kecamatan_code) if data.kecamatan_code else self.tr("all")
        self.summary_label.setText(
            self.tr(
                "%1 to %2 · district: %3 · %4 request(s) · %5 waiting for review · %6 of %7 target resident(s) served"
            )
            .replace("%1", _day_text(data.date_from))
            .replace("%2", _day_text(data.date_to))
            .replace("%3", area)
            .replace("%4", str(sum(row.count for row in data.daily)))
            .replace("%5", str(pending))
            .replace("%6", str(served))
            .replace("%7", str(targets))
        )
        for view in self.views.values():
            view.viewport().repaint()
        elapsed = (time.perf_counter() - started) * 1000
        self.drawn.emit(elapsed)
        return elapsed

    def _draw_daily(self, data: Dashboard) -> None:
        chart = self.charts["daily"]
        _clear(chart)
        by_kecamatan: dict[str, dict[str, int]] = defaultdict(dict)
        for row in data.daily:
            by_kecamatan[row.kecamatan_code][row.day] = row.count
        first = date.fromisoformat(data.date_from)
        last = date.fromisoformat(data.date_to)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        stamps = [_msecs(day) for day in days]
        x_axis = QDateTimeAxis()
        x_axis.setFormat("dd-MM")
        x_axis.setTickCount(min(8, max(2, len(days))))
        x_axis.setRange(_qdatetime(first), _qdatetime(last))
        peak = max((row.count for row in data.daily), default=0)
        y_axis = _value_axis(peak)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        codes = sorted(by_kecamatan) if data.kecamatan_code is None else [data.kecamatan_code]
        for code in codes:
            counts = by_kecamatan.get(code, {})
            series = QLineSeries()
            series.setName(kecamatan_name(code))
            series.replace(
                [
                    QPointF(x, counts.get(day.isoformat(), 0))
                    for x, day in zip(stamps, days, strict=True)
                ]
            )
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        chart.legend().setVisible(len(codes) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

    def _draw_services(self, data: Dashboard) -> None:
        chart = self.charts["services"]
        _clear(chart)
        totals: dict[str, int] = defaultdict(int)
        for row in data.services:
            totals[row.service] += row.count
        services = sorted(totals, key=lambda s: -totals[s])
        names = [_service_text(s, self.lang) for s in services]
        _bars(chart, self.tr("Requests"), names, [totals[s] for s in services])

    def _draw_backlog(self, data: Dashboard) -> None:
        chart = self.charts["backlog"]
        _clear(chart)
        labels = backlog_bucket_labels()
        totals = [0] * len(labels)
        for row in data.backlog:
            for i, count in enumerate(row.buckets[: len(labels)]):
                totals[i] += count
        _bars(chart, self.tr("Waiting"), labels, totals)

    def _draw_coverage(self, data: Dashboard) -> None:
        chart = self.charts["coverage"]
        _clear(chart)
        rows = [row for row in data.coverage if row.targets] or list(data.coverage)
        names = [kecamatan_name(row.kecamatan_code) for row in rows]
        values = [round((row.coverage or 0.0) * 100, 2) for row in rows]
        series, x_axis, y_axis = _bars(chart, self.tr("Coverage"), names, values, "%.0f")
        series.setLabelsFormat("@value%")
        y_axis.setRange(0, 100)
        target = QLineSeries()
        target.setName(self.tr("Target %1%").replace("%1", f"{data.coverage_target * 100:.2f}"))
        target.setPen(QPen(TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
        level = data.coverage_target * 100
        target.replace([QPointF(-0.5, level), QPointF(max(len(rows), 1) - 0.5, level)])
        chart.addSeries(target)
        value_x = QValueAxis()
        value_x.setRange(-0.5, max(len(rows), 1) - 0.5)
        value_x.setVisible(False)
        chart.addAxis(value_x, Qt.AlignmentFlag.AlignTop)
        target.attachAxis(value_x)
        target.attachAxis(y_axis)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _draw_stock(self, data: Dashboard) -> None:
        chart = self.charts["stock"]
        _clear(chart)
        teams = sorted(data.stock, key=lambda t: (t.kecamatan_code, t.team))
        _bars(chart, self.tr("Cards"), [t.team for t in teams], [t.balance for t in teams])

    # --- image export ---------------------------------------------------------------------
    def export_image(self) -> QFileDialog:
        """Ask where to save the chosen chart (or the whole dashboard) as PNG."""
        name = self.chart_choice.currentData() or "dashboard"
        dialog = QFileDialog(self, self.tr("Export image"))
        dialog.setObjectName("dashboard_image_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PNG image (*.png)"))
        dialog.setDefaultSuffix("png")
        dialog.selectFile(f"jempol-{name}-{date.today().isoformat()}.png")
        dialog.fileSelected.connect(self.save_image)
        dialog.finished.connect(self._file_dialog_closed)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def _file_dialog_closed(self) -> None:
        self.file_dialog = None

    def save_image(self, path: str, chart: str | None = None) -> bool:
        """Save ``chart`` (default: the one chosen, else the whole dashboard) to ``path``."""
        name = chart if chart is not None else self.chart_choice.currentData()
        widget = self.views[name] if name else self.chart_area
        ok = widget.grab().save(path, "PNG")
        if ok:
            self.message.show_message(self.tr("Image saved: %1").replace("%1", path), INFO_STYLE)
            self.image_saved.emit(path)
        else:
            self.message.show_message(
                self.tr("The image could not be saved to %1. Choose another folder.").replace(
                    "%1", path
                )
            )
        return ok


def _service_text(code: str, lang: str) -> str:
    try:
        return service_label(code, lang)
    except KeyError:
        return code


def _day_text(iso_day: str) -> str:
    return date.fromisoformat(iso_day).strftime("%d-%m-%Y")


def _qdatetime(day: date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))


def _msecs(day: date) -> float:
    return float(_qdatetime(day).toMSecsSinceEpoch())
