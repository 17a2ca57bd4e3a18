"""The retention purge at start, on a worker thread.

``RetentionRunner(db_path)`` runs ``Store.purge_expired`` on the global thread pool with
its OWN store on the same file (never the GUI's connection) and reports by signals
only. The main window starts it once, after the officer signs in at start; the sync
worker's runs purge on their own (``sync.client.SyncClient.run``), as does a scheduled
``jempol-sync run``. ``stop()`` makes a running purge end after its current chunk
(each chunk is one transaction, so nothing is left half done).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.store import Store
from app.ui.jobs import Job


class RetentionRunner(QObject):
    finished = Signal(object)  # app.store.retention.PurgeResult
    failed = Signal(object)  # the exception

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(db_path)
        self._stop = threading.Event()
        self.job: Job | None = None

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def start(self) -> bool:
        """Start a purge unless one is running; returns whether one was started."""
        if self.running:
            return False
        self._stop.clear()
        path, stop = self._path, self._stop

        def purge():  # on the pool thread
            with Store.open(path) as store:
                return store.purge_expired(should_stop=stop.is_set)

        self.job = Job(purge, self)
        self.job.succeeded.connect(self.finished)
        self.job.failed.connect(self.failed)
        self.job.start()
        return True

    def stop(self) -> None:
        self._stop.set()
