"""SQLAlchemy Core tables and the engine (SQLite by default, PostgreSQL in production).

All state lives in these tables, so several server processes can share one
PostgreSQL database. Schema changes go through Alembic (``server/migrations``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.dialects import postgresql, sqlite

metadata = MetaData()

# The largest value of a BIGINT: bound for cursors and offsets taken from a request.
MAX_BIGINT = 2**63 - 1
# Days accepted in request filters (dates beyond would overflow date arithmetic).
MIN_DAY, MAX_DAY = date(2000, 1, 1), date(2099, 12, 31)

# BIGINT on PostgreSQL; INTEGER on SQLite so the column is the rowid and autoincrements.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Timestamp = DateTime(timezone=True)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),
    Column("kecamatan_code", String(20)),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", Timestamp, nullable=False),
    Column("full_name", String(200)),  # display name for supervisors (migration 0002)
    Column("team", String(100)),  # outreach team (migration 0002)
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", Timestamp, nullable=False),
    Column("last_seen_at", Timestamp),
    Column("revoked_at", Timestamp),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False, index=True),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False),
    Column("failed_at", Timestamp, nullable=False),
    Index("ix_login_failures_username_at", "username", "failed_at"),
)

batches = Table(
    "batches",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("batch_uuid", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False, index=True),
    Column("claimed_device_id", String(64), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("protocol_version", Integer, nullable=False),
    Column("outbox_first", BigInteger, nullable=False),
    Column("outbox_last", BigInteger, nullable=False),
    Column("created_at_client", String(40), nullable=False),
    Column("received_at", Timestamp, nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("result_json", Text),
)

records = Table(
    "records",
    metadata,
    Column("uuid", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("officer_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("device_id", String(36), nullable=False),
    Column("batch_id", BigInteger, nullable=False, index=True),
    Column("kecamatan_code", String(20)),
    Column("desa_code", String(20)),
    Column("visit_date", Date),
    Column("data", Text, nullable=False),
    Column("device_time", Timestamp, nullable=False),
    Column("server_received_at", Timestamp, nullable=False),
    Column("review_status", String(16)),
    Column("reviewed_at", Timestamp),
    Index("ix_records_kecamatan_visit", "kecamatan_code", "visit_date"),
    # review inbox (migration 0002): per-batch counts by state, per-kecamatan lists
    Index("ix_records_batch_review", "batch_id", "kind", "review_status"),
    Index(
        "ix_records_kecamatan_review",
        "kecamatan_code",
        "kind",
        "review_status",
        "server_received_at",
    ),
    Index("ix_records_kecamatan_received", "kecamatan_code", "server_received_at"),
)

# Every revision kept (migration 0005): the current one is the ``records`` row, every other
# one (replaced by a newer revision, or sent late or out of order) a ``record_superseded``
# row. A trigger on ``records`` (see the migration) moves a row here when its revision
# changes; ingest adds the older revisions a batch sends.
record_superseded = Table(
    "record_superseded",
    metadata,
    Column("uuid", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("officer_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("batch_id", BigInteger, nullable=False),
    Column("data", Text, nullable=False),
    Column("device_time", Timestamp, nullable=False),
    Column("server_received_at", Timestamp, nullable=False),
)

# Views (created by the migrations, never by ``metadata``; read only).
views = MetaData()

# The whole history, one row per (uuid, revision): ``records`` UNION ALL ``record_superseded``.
record_revisions = Table(
    "record_revisions",
    views,
    Column("uuid", String(64)),
    Column("revision", Integer),
    Column("kind", String(16)),
    Column("officer_id", Integer),
    Column("device_id", String(36)),
    Column("batch_id", BigInteger),
    Column("data", Text),
    Column("device_time", Timestamp),
    Column("server_received_at", Timestamp),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("record_uuid", String(64), nullable=False, index=True),
    Column("record_revision", Integer, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("comment", Text, nullable=False),
    Column("decided_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("decided_at", Timestamp, nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("entity_uuid", String(64), nullable=False),
    Column("officer_id", Integer, ForeignKey("users.id")),  # NULL: for every device
    Column("data", Text, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Index("ix_changes_officer_seq", "officer_id", "seq"),
)


# Supervisor review index, one row per request (migration 0002), written at ingest by
# ``server.flags.index_batch``: search keys, the validation warning count and the flags.
# Byte order on both databases: prefix ranges (name/NIK search) then agree and use the index.
SearchKey = String(100).with_variant(String(100, collation="C"), "postgresql")

record_review = Table(
    "record_review",
    metadata,
    Column("uuid", String(64), primary_key=True),  # = records.uuid (kind "request")
    Column("revision", Integer, nullable=False),  # the revision these values describe
    Column("batch_id", BigInteger, nullable=False),
    Column("officer_id", Integer, nullable=False),
    Column("kecamatan_code", String(20)),
    Column("nik", SearchKey, nullable=False),
    Column("name_key", SearchKey, nullable=False),  # casefolded, single spaces
    Column("service", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("day", Date, nullable=False),  # visit date, else the day received (WITA)
    Column("warning_count", Integer, nullable=False),  # warnings + answered confirmations
    Column("flag_codes", String(200), nullable=False),  # "" when clean, else "a,b"
    Column("flag_data", Text, nullable=False),  # JSON {code: params}
    Column("computed_at", Timestamp, nullable=False),
    Index("ix_record_review_nik_service", "nik", "service"),
    Index("ix_record_review_kecamatan_name", "kecamatan_code", "name_key"),
    # (migration 0006 dropped ix_record_review_kecamatan_service: the dashboard index serves
    # the lists filtered by service; that index is declared in server/dashboard.py)
)


# Processing log (migration 0004, UU PDP art. 31): who read, exported or imported which
# records, when and from where. One row per access; the records it touched, when they
# are known one by one, in ``processing_log_records`` (looked up by record UUID).
processing_log = Table(
    "processing_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", Timestamp, nullable=False),
    Column("actor", String(120), nullable=False),  # username, or "cli:<system user>"
    Column("user_id", Integer),  # the account, when a signed-in user or device
    Column("device_id", String(36)),  # the laptop, for device tokens
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False),  # JSON: the filter or file, never a NIK or name
    Column("record_count", Integer, nullable=False),
    Column("client_ip", String(64)),
    Index("ix_processing_log_at", "at"),
    Index("ix_processing_log_actor_at", "actor", "at"),
    Index("ix_processing_log_action_at", "action", "at"),
)

processing_log_records = Table(
    "processing_log_records",
    metadata,
    Column("log_id", BigInteger, nullable=False),
    Column("record_uuid", String(64), nullable=False),
    Index("ix_processing_log_records_uuid", "record_uuid", "log_id"),
    Index("ix_processing_log_records_log", "log_id"),
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; they were written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso(value: datetime | None) -> str:
    value = as_utc(value)
    if value is None:
        return ""
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def is_sqlite(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


def insert_for(conn, table: Table):
    """The dialect's INSERT (with ``on_conflict_do_*``) for ``table``."""
    module = sqlite if is_sqlite(conn) else postgresql
    return module.insert(table)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue the BEGIN (IMMEDIATE), see make_engine.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # Writers take the lock up front: no deadlock when two readers upgrade at once.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


# psycopg prepares a statement it has run 5 times on a connection, and PostgreSQL then
# plans it once for any parameters (a generic plan): planned while a table is small, such
# a plan can scan it whole once it has grown (seen: the review index's group read, 9 ms
# instead of 0.6 ms after 50,000 rows). Only statements passed ``prepare=True`` on purpose,
# whose plans cannot go that way, are prepared (psycopg ignores ``prepare=True`` when the
# threshold is None, hence a threshold never reached).
PREPARE_ONLY_ON_PURPOSE = 2**31


def make_engine(url: str) -> Engine:
    """Engine for ``url``; SQL parameters (NIKs!) are kept out of error messages and logs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        hide_parameters=True,
        connect_args={"prepare_threshold": PREPARE_ONLY_ON_PURPOSE},
    )
