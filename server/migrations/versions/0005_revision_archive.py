"""Revision history without a second copy of each current revision.

Until now every revision a batch wrote was stored twice: as the ``records`` row and as a
``record_revisions`` row. From here on the current revision of a record lives only in
``records``; every other revision kept (the ones a newer revision replaced, and older or
out-of-order ones a batch sent) lives in ``record_superseded``. A trigger on ``records``
moves the replaced row there whenever a record's revision changes, so nothing depends
on the writer remembering to (on PostgreSQL a BEFORE trigger: the replaced row is kept
before anything else of the same statement can claim its (uuid, revision)).
``record_revisions`` becomes a view over both, with the same columns as before (without
the surrogate ``id``): every revision, once.

Data: the revisions that are not the current row of their record move to
``record_superseded``; the current ones are already in ``records``.

Revision ID: 0005_revision_archive
Revises: 0004_processing_log
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_revision_archive"
down_revision = "0004_processing_log"
branch_labels = None
depends_on = None

COLUMNS = (
    "uuid, revision, kind, officer_id, device_id, batch_id, data, device_time, server_received_at"
)
OLD_VALUES = ", ".join(f"OLD.{c.strip()}" for c in COLUMNS.split(","))

VIEW = f"""
CREATE VIEW record_revisions AS
SELECT {COLUMNS} FROM records
UNION ALL
SELECT {COLUMNS} FROM record_superseded
"""

PG_FUNCTION = f"""
CREATE FUNCTION records_keep_superseded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_superseded ({COLUMNS}) VALUES ({OLD_VALUES})
    ON CONFLICT (uuid, revision) DO NOTHING;
    RETURN NEW;
END
$$
"""
PG_TRIGGER = """
CREATE TRIGGER records_keep_superseded BEFORE UPDATE ON records
FOR EACH ROW WHEN (OLD.revision IS DISTINCT FROM NEW.revision)
EXECUTE FUNCTION records_keep_superseded()
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER records_keep_superseded AFTER UPDATE OF revision ON records
FOR EACH ROW WHEN OLD.revision IS NOT NEW.revision
BEGIN
    INSERT OR IGNORE INTO record_superseded ({COLUMNS}) VALUES ({OLD_VALUES});
END
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "record_superseded",
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("server_received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("uuid", "revision"),
    )
    op.execute(
        f"""
        INSERT INTO record_superseded ({COLUMNS})
        SELECT {COLUMNS} FROM record_revisions AS v
        WHERE NOT EXISTS (
            SELECT 1 FROM records AS r WHERE r.uuid = v.uuid AND r.revision = v.revision
        )
        """
    )
    op.drop_table("record_revisions")
    op.execute(VIEW)
    if _postgres():
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
        # a batch body is gzip already: store it without another compression attempt
        op.execute("ALTER TABLE batches ALTER COLUMN body SET STORAGE EXTERNAL")
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    if _postgres():
        op.execute("ALTER TABLE batches ALTER COLUMN body SET STORAGE EXTENDED")
        op.execute("DROP TRIGGER records_keep_superseded ON records")
        op.execute("DROP FUNCTION records_keep_superseded()")
    else:
        op.execute("DROP TRIGGER records_keep_superseded")
    op.execute("DROP VIEW record_revisions")
    op.create_table(
        "record_revisions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("server_received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid", "revision", name="uq_record_revisions_uuid_revision"),
    )
    op.execute(
        f"""
        INSERT INTO record_revisions ({COLUMNS})
        SELECT {COLUMNS} FROM (
            SELECT {COLUMNS} FROM records
            UNION ALL
            SELECT {COLUMNS} FROM record_superseded
        ) AS every_revision
        ORDER BY uuid, revision
        """
    )
    op.drop_table("record_superseded")
