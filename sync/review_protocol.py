"""Supervisor review API: the pydantic models and constants both ends share.

The server (``server/supervisor.py``, routes in ``server/api.py``) answers with these
models; the supervisor UI parses them. No Qt, no HTTP library, no store. The prose
version is the "Supervisor review" section of ``docs/protocol.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

# The client's clock when it sends a batch (ISO-8601 UTC). The server compares it with its
# own clock; more than CLOCK_SKEW_SECONDS apart flags every record of the batch.
DEVICE_TIME_HEADER = "X-Jempol-Device-Time"
CLOCK_SKEW_SECONDS = 5 * 60

BATCH_STATES = ("new", "in_review", "done")
REVIEW_STATES = ("pending", "approved", "returned", "rejected")
FLAG_CODES = ("duplicate_team", "duplicate_30d", "region_implausible", "eligibility", "clock_skew")
SEVERITIES = ("error", "warning")
DUPLICATE_WINDOW_DAYS = 30

DEFAULT_BATCH_PAGE, MAX_BATCH_PAGE = 100, 500
DEFAULT_RECORD_PAGE, MAX_RECORD_PAGE = 200, 1000

BatchState = Literal["new", "in_review", "done"]
ReviewState = Literal["pending", "approved", "returned", "rejected"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class BatchSummary(_Model):
    batch_uuid: str
    received_at: str
    officer: str  # username
    officer_name: str  # users.full_name ("" when not set)
    team: str  # users.team ("" when not set)
    kecamatan_code: str
    desa_codes: list[str]
    record_count: int  # requests whose current revision arrived in this batch
    pending: int
    approved: int
    returned: int
    rejected: int
    state: BatchState  # new: nothing decided; in_review: some pending; done: none pending


class BatchList(_Model):
    total: int
    items: list[BatchSummary]


class RecordSummary(_Model):
    uuid: str
    revision: int
    batch_uuid: str
    officer: str
    desa_code: str
    visit_date: str | None
    nik: str
    name: str
    service: str
    status: str
    review_state: ReviewState
    flags: list[str]  # codes of FLAG_CODES
    received_at: str


class RecordList(_Model):
    total: int
    items: list[RecordSummary]


class NikDecoded(_Model):
    birth_date: str
    sex: str
    region_code: str
    region_name: str
    warnings: list[str]


class Flag(_Model):
    code: str
    message: str  # Indonesian
    severity: Literal["error", "warning"]


class Revision(_Model):
    revision: int
    received_at: str
    device_time: str
    data: dict[str, Any]
    changes: dict[str, list[Any]]  # field -> [old, new] against the previous revision


class Decision(_Model):
    decision: Literal["approve", "return", "reject"]
    comment: str
    by: str
    at: str
    revision: int


class RecordDetail(_Model):
    uuid: str
    revision: int
    data: dict[str, Any]
    nik_decoded: NikDecoded | None
    warnings: list[str]  # domain validation warnings, Indonesian
    flags: list[Flag]
    revisions: list[Revision]
    decisions: list[Decision]
    review_state: ReviewState


class ApproveCleanResult(_Model):
    approved: int
    skipped: int
