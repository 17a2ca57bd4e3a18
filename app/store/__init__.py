"""All laptop SQL (sqlite-utils). No Qt.

``Store.open(app.paths.database_path(data_dir))`` gives the facade; see
docs/contracts.md for the interface.
"""

from app.store import syncstate
from app.store.errors import NotFound, StockError, StoreError
from app.store.search import RequestFilter
from app.store.store import Store

__all__ = ["NotFound", "RequestFilter", "StockError", "Store", "StoreError", "syncstate"]
