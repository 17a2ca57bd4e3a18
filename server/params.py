"""Request parameters shared by several routes (FastAPI dependencies, no SQL)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from fastapi import Query, Request

from server.auth import Principal
from server.processing_log import Actor
from sync.review_protocol import ReviewState


@dataclass(frozen=True)
class RecordFilters:
    """The record-list filters of ``GET /review/records`` and ``GET /export/records``."""

    batch_uuid: str | None
    kecamatan: str | None
    desa: str | None
    state: ReviewState | None
    service: str | None
    q: str | None

    def without_search(self) -> dict:
        """Every filter but the search text ``q`` (which is never logged as typed)."""
        values = asdict(self)
        del values["q"]
        return values


def record_filters(
    batch_uuid: str | None = None,
    kecamatan: str | None = None,
    desa: str | None = None,
    state: ReviewState | None = None,
    service: str | None = None,
    q: str | None = Query(None, max_length=100),
) -> RecordFilters:
    return RecordFilters(batch_uuid, kecamatan, desa, state, service, q)


def actor_of(principal: Principal, request: Request) -> Actor:
    """The processing-log actor: the account and the client's address (behind a trusted
    reverse proxy, uvicorn's ``--forwarded-allow-ips`` makes this X-Forwarded-For)."""
    return Actor.of(principal, request.client.host if request.client else None)
