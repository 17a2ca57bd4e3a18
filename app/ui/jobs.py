"""One-off background work for dialogs: a function on the global ``QThreadPool``.

``Job(fn, parent)`` runs ``fn()`` on a pool thread when ``start()`` is called and reports
back by signals only: ``succeeded(result)`` or ``failed(exception)``. Connect them to
methods of widgets (never lambdas that touch widgets), so Qt queues the call onto the
GUI thread. ``fn`` must not touch widgets; it opens its own store if it needs one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger("jempol.ui.jobs")


class Job(QObject):
    succeeded = Signal(object)
    failed = Signal(object)  # the exception raised by fn

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        self.succeeded.connect(self._done)
        self.failed.connect(self._done)
        (pool or QThreadPool.globalInstance()).start(self._run)

    def _done(self, _result: object) -> None:
        self.running = False

    def _run(self) -> None:  # on the pool thread
        # ``running`` turns False before the signals are queued: a slot connected before
        # ``start()`` (re-enabling a button, say) must never see a job still "running".
        try:
            result = self._fn()
        except Exception as exc:  # reported to the GUI; a bug must not vanish
            log.warning("background job failed: %s", type(exc).__name__)
            self.running = False
            self._emit(self.failed, exc)
            return
        self.running = False
        self._emit(self.succeeded, result)

    @staticmethod
    def _emit(signal, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the dialog that asked was closed and deleted meanwhile
            log.info("background job finished after its window was closed")
