"""Locking the field laptop after a while without input.

``IdleLock`` is an application-wide event filter: every key press, mouse press, mouse
move, wheel turn or touch on any of the app's windows restarts a single-shot QTimer;
when it runs out, ``timed_out`` fires (the main window then hides residents' data and
asks for the password). Everything runs on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 240

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


def idle_lock_minutes(store) -> int:
    """The stored idle time before locking, in minutes (0: never lock; default 10)."""
    value = store.get_setting(IDLE_LOCK_SETTING, DEFAULT_IDLE_LOCK_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return DEFAULT_IDLE_LOCK_MINUTES
    return max(0, min(MAX_IDLE_LOCK_MINUTES, int(value)))


class IdleLock(QObject):
    """Fires ``timed_out`` after ``timeout_ms`` without user input (0 disables it).

    ``start()`` installs the filter and arms the timer; ``stop()`` removes both (call it
    while locked, so typing the password does not re-arm the lock).
    """

    timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # coarse: 5 % early or late
        self._timer.timeout.connect(self._fire)
        self._timeout_ms = max(0, int(timeout_ms))
        self._running = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def is_running(self) -> bool:
        return self._running

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the idle time; a running lock re-arms with it (0 disarms)."""
        self._timeout_ms = max(0, int(timeout_ms))
        if self._running:
            self._arm()

    def start(self) -> None:
        app = QApplication.instance()
        if not self._running and app is not None:
            app.installEventFilter(self)
            self._running = True
        self._arm()

    def stop(self) -> None:
        app = QApplication.instance()
        if self._running and app is not None:
            app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def poke(self) -> None:
        """User activity: start counting the idle time again."""
        if self._running:
            self._arm()

    def _arm(self) -> None:
        if self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def _fire(self) -> None:
        if self._running:
            self.timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in INPUT_EVENTS:
            self.poke()
        return False
