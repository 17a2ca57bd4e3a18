"""Supervisor dashboard and target lists: the pydantic models both ends share.

The server (``server/dashboard.py``, ``server/targets.py``, routes in
``server/routes_dashboard.py``) answers with these models; the supervisor UI and the
field laptops parse them. No Qt, no HTTP library, no store. The prose version is the
"Dashboard and target lists" section of ``docs/protocol.md``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sync.review_protocol import RecordSummary

# e-KTP recording coverage target of the regency (a fraction: 99.40 %).
COVERAGE_TARGET = 0.994
# The service whose accepted requests "serve" a target resident for the coverage chart.
COVERAGE_SERVICE = "ktp_recording"

DEFAULT_DASHBOARD_DAYS = 30  # date_from defaults to date_to - 29 days
MAX_DASHBOARD_DAYS = 400  # a year of data and a little more

# Backlog age buckets in days: [0,1) [1,3) [3,7) [7,14) [14,30) [30,inf).
BACKLOG_BUCKET_DAYS = (1, 3, 7, 14, 30)

DEFAULT_TARGET_PAGE, MAX_TARGET_PAGE = 1000, 5000
DEFAULT_EXPORT_PAGE, MAX_EXPORT_PAGE = 1000, 1000


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


def backlog_bucket_labels() -> list[str]:
    """``["<1", "1-3", "3-7", "7-14", "14-30", ">=30"]`` (days), one per bucket."""
    edges = BACKLOG_BUCKET_DAYS
    labels = [f"<{edges[0]}"]
    labels += [f"{low}-{high}" for low, high in zip(edges, edges[1:], strict=False)]
    labels.append(f">={edges[-1]}")
    return labels


class DailyCount(_Model):
    day: str  # ISO date: the visit date (else the day received, WITA)
    kecamatan_code: str
    count: int  # requests (current revisions, not cancelled)


class ServiceCount(_Model):
    kecamatan_code: str
    service: str
    count: int


class BacklogRow(_Model):
    kecamatan_code: str
    pending: int  # requests with no review decision on their current revision
    oldest_received_at: str | None
    buckets: list[int]  # len(BACKLOG_BUCKET_DAYS) + 1 counts by age since receipt


class CoverageRow(_Model):
    kecamatan_code: str
    targets: int  # target residents on the list (served + still to serve)
    served: int  # of them, with an accepted ktp_recording request
    coverage: float | None  # served / targets; None without targets


class TeamStock(_Model):
    team: str  # users.team, else the officer's username
    kecamatan_code: str
    officers: list[str]  # usernames
    balance: int  # blank e-KTP cards on hand: every reported movement ever
    received: int  # movements in the date range, as positive numbers
    printed: int
    spoiled: int
    adjusted: int  # net adjustments in the range (may be negative)
    last_reported_at: str | None  # when the server last received a movement


class Dashboard(_Model):
    date_from: str
    date_to: str
    kecamatan_code: str | None  # None: every kecamatan (admin)
    generated_at: str
    coverage_target: float = COVERAGE_TARGET
    backlog_bucket_days: list[int] = list(BACKLOG_BUCKET_DAYS)
    daily: list[DailyCount]
    services: list[ServiceCount]
    backlog: list[BacklogRow]
    coverage: list[CoverageRow]
    stock: list[TeamStock]


class Target(_Model):
    """One resident still to be served (personal data: never log it)."""

    seq: int  # position in the target feed (cursor)
    nik: str
    service: str
    desa_code: str
    kecamatan_code: str
    name: str
    birth_date: str | None  # from the NIK
    sex: str | None  # "L" | "P", from the NIK
    address: str
    note: str
    removed: bool  # True: no longer on the list (drop it on the laptop)
    updated_at: str


class TargetsPage(_Model):
    items: list[Target]
    next_cursor: int
    has_more: bool
    server_time: str


class ExportRecord(RecordSummary):
    """A row of the review list with every field a report needs (personal data)."""

    kecamatan_code: str
    kk: str
    birth_date: str | None
    sex: str | None
    address: str
    rt: str
    rw: str
    phone: str
    pending_reason: str | None
    notes: str


class ExportPage(_Model):
    total: int
    items: list[ExportRecord]
