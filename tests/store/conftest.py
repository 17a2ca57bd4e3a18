from __future__ import annotations

import pytest

from app.store import Store
from tests.store.factories import new_officer, new_visit


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "jempol.sqlite3"


@pytest.fixture
def store(db_path):
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture
def officer(store):
    return new_officer(store)


@pytest.fixture
def visit(store, officer):
    return new_visit(store, officer["id"])
