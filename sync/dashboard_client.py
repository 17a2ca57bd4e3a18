"""HTTP client of the dashboard, target-list and export endpoints; no Qt.

Built on the review client's transport (:class:`sync.review_client.ReviewTransport`:
one ``requests.Session``, timeouts for a person waiting, urllib3 ``Retry`` on reads only,
and the single boundary where transport failures become :mod:`sync.errors` types); every
failure is raised as :class:`sync.review_client.ReviewError` with a supervisor's message.

A client belongs to one thread. It takes the bearer token of a signed-in supervisor or
admin (``POST /auth/login``); ``targets`` also accepts a field device's token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

from sync import dashboard_protocol as dp
from sync.errors import SyncError
from sync.review_client import ReviewError, ReviewTransport
from sync.transport import TransportConfig

M = TypeVar("M")


def _params(**values: Any) -> dict:
    out = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


class DashboardClient:
    """Dashboard, target lists and the review export for one bearer token."""

    def __init__(self, server_url: str, token: str, config: TransportConfig | None = None):
        try:
            self.transport = ReviewTransport(server_url, config)
        except SyncError as err:
            raise ReviewError.from_sync(err) from None
        self.transport.token = token
        self.server_url = self.transport.base_url

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> DashboardClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ calls
    def dashboard(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        kecamatan: str | None = None,
    ) -> dp.Dashboard:
        params = _params(date_from=date_from, date_to=date_to, kecamatan=kecamatan)
        return self._get(dp.Dashboard, "/dashboard", params)

    def targets(
        self, *, since: int = 0, limit: int = dp.DEFAULT_TARGET_PAGE, kecamatan: str | None = None
    ) -> dp.TargetsPage:
        params = _params(since=since, limit=limit, kecamatan=kecamatan)
        return self._get(dp.TargetsPage, "/targets", params)

    def iter_targets(
        self, *, since: int = 0, kecamatan: str | None = None, limit: int = dp.DEFAULT_TARGET_PAGE
    ) -> Iterator[dp.TargetsPage]:
        """Every page after ``since`` until the feed is drained."""
        while True:
            page = self.targets(since=since, limit=limit, kecamatan=kecamatan)
            yield page
            if not page.has_more:
                return
            since = page.next_cursor

    def export_page(
        self, *, offset: int = 0, limit: int = dp.DEFAULT_EXPORT_PAGE, **filters: Any
    ) -> dp.ExportPage:
        """One page of the review list with every field; ``filters`` as for
        ``ReviewClient.records`` (batch_uuid, kecamatan, desa, state, service, q)."""
        params = _params(offset=offset, limit=limit, **filters)
        return self._get(dp.ExportPage, "/export/records", params)

    # ------------------------------------------------------------------ helpers
    def _get(self, model: type[M], path: str, params: dict) -> M:
        answer = self._guard(lambda: self.transport.get(path, params))
        try:
            return model.model_validate(answer)  # type: ignore[attr-defined]
        except ValueError as exc:  # pydantic.ValidationError is a ValueError
            raise ReviewError("bad_response", detail=model.__name__) from exc

    @staticmethod
    def _guard(call: Callable[[], dict]) -> dict:
        try:
            return call()
        except SyncError as err:
            raise ReviewError.from_sync(err) from None
