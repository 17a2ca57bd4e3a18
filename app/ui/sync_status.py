"""Status-bar widgets of the sync: online/offline, last successful sync, progress."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.ui.models import format_date
from app.ui.sync_texts import t


class SyncStatusWidget(QWidget):
    """Shows state only; the controller feeds it (it never touches the store)."""

    def __init__(self, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.online_label = QLabel()
        self.online_label.setObjectName("sync_online")
        self.last_label = QLabel()
        self.last_label.setObjectName("sync_last_success")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("sync_progress")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.online_label)
        layout.addWidget(self.last_label)
        self.set_online(None)
        self.set_last_success(None)

    def set_online(self, online: bool | None) -> None:
        """True/False from the probe; None when the laptop is not registered."""
        key = "not_registered" if online is None else ("online" if online else "offline")
        self.online_label.setText(t(key, self.lang))
        color = "#245c2a" if online else "#8a5a00"
        self.online_label.setStyleSheet(f"color: {color};")

    def set_last_success(self, when: str | None) -> None:
        if not when:
            self.last_label.setText(t("never", self.lang))
            return
        try:
            local = datetime.fromisoformat(when).astimezone()
        except ValueError:
            self.last_label.setText(t("last_success", self.lang, when=when))
            return
        shown = f"{format_date(local.date())} {local:%H:%M}"
        self.last_label.setText(t("last_success", self.lang, when=shown))

    def show_progress(self, progress: dict) -> None:
        self.progress_bar.setVisible(True)
        if progress.get("phase") == "pull":
            self.progress_bar.setRange(0, 0)  # busy indicator
            self.progress_bar.setFormat(t("pulling", self.lang))
            return
        total = max(progress.get("records_total", 0), progress.get("records_sent", 0), 1)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(progress.get("records_sent", 0))
        self.progress_bar.setFormat(
            t(
                "syncing",
                self.lang,
                sent=progress.get("records_sent", 0),
                total=total,
                kb=progress.get("bytes_sent", 0) // 1024,
            )
        )

    def idle(self) -> None:
        self.progress_bar.setVisible(False)
        self.progress_bar.reset()
