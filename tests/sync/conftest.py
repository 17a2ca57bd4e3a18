"""Fixtures for the sync client tests: the real server, real laptop stores, a fault proxy."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.paths import database_path
from app.store import Store
from sync.client import SyncClient, SyncConfig, register_device
from sync.transport import TransportConfig
from tests.store.factories import KECAMATAN, TODAY, new_officer, new_visit, request_input
from tests.support.live_server import PASSWORD, ServerAdmin, ThreadServer
from tests.support.netproxy import FaultProxy

OFFICER = "siti"
OTHER_OFFICER = "budi"
SUPERVISOR = "spv"


def fast_config(**transport) -> SyncConfig:
    """Short timeouts and backoffs so fault tests stay quick."""
    options = dict(
        connect_timeout=2.0,
        read_timeout=2.0,
        retries=3,
        backoff_factor=0.02,
        backoff_max=0.1,
        backoff_jitter=0.02,
    )
    options.update(transport)
    return SyncConfig(transport=TransportConfig(**options), initial_batch_size=50)


@dataclass
class Laptop:
    """One officer's data directory with a store opened in the test thread."""

    data_dir: Path
    store: Store
    officer: dict
    visit: dict
    serial_base: int
    serials: dict[str, int] = field(default_factory=dict)

    def add_requests(self, count: int) -> list[dict]:
        made = []
        for _ in range(count):
            serial = self.serial_base + len(self.serials) + 1
            record = self.store.save_request(
                self.officer["id"], self.visit["uuid"], request_input(serial), today=TODAY
            )
            self.serials[record["uuid"]] = serial
            made.append(record)
        return made

    def edit(self, record_uuid: str, **changes) -> dict:
        data = request_input(self.serials[record_uuid], **changes)
        return self.store.save_request(
            self.officer["id"], self.visit["uuid"], data, uuid=record_uuid, today=TODAY
        )

    def client(self, url: str | None = None, config: SyncConfig | None = None) -> SyncClient:
        return SyncClient(self.store, server_url=url, config=config or fast_config())

    def register(self, url: str, username: str = OFFICER) -> None:
        register_device(self.store, url, username, PASSWORD, "laptop-test", fast_config())


@pytest.fixture(scope="session")
def server_template(tmp_path_factory) -> Path:
    """A server data dir with the test accounts (made once: password hashing is slow)."""
    data_dir = tmp_path_factory.mktemp("server-template")
    admin = ServerAdmin()
    admin.data_dir = data_dir
    admin.add_user(OFFICER, "officer", KECAMATAN)
    admin.add_user(OTHER_OFFICER, "officer", KECAMATAN)
    admin.add_user(SUPERVISOR, "supervisor", KECAMATAN)
    return data_dir


def server_copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


@pytest.fixture
def server(server_template, tmp_path):
    live = ThreadServer(server_copy(server_template, tmp_path / "server")).start()
    yield live
    live.stop()


@pytest.fixture
def proxy(server):
    with FaultProxy(server.port) as p:
        yield p


@pytest.fixture
def make_laptop(tmp_path):
    opened: list[Store] = []

    def make(name: str = "laptop", nip: str = "198001012005012001", serial_base: int = 0):
        data_dir = tmp_path / name
        data_dir.mkdir()
        store = Store.open(database_path(data_dir))
        opened.append(store)
        officer = new_officer(store, nip=nip)
        visit = new_visit(store, officer["id"])
        return Laptop(data_dir, store, officer, visit, serial_base)

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def laptop(make_laptop):
    return make_laptop()


@pytest.fixture
def window(qtbot, laptop):
    """The real main window on ``laptop``'s store, its officer signed in."""
    from app.ui.main_window import MainWindow

    laptop.store.set_setting("officer_id", laptop.officer["id"])
    win = MainWindow(laptop.store, lang="id", sign_in=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.sync_controller.shutdown()
