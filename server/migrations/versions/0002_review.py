"""Supervisor review: users.full_name/team, the record_review index, inbox indexes.

Revision ID: 0002_review
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

SearchKey = sa.String(100).with_variant(sa.String(100, collation="C"), "postgresql")


def upgrade() -> None:
    op.add_column("users", sa.Column("full_name", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("team", sa.String(length=100), nullable=True))
    op.create_table(
        "record_review",
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=20), nullable=True),
        sa.Column("nik", SearchKey, nullable=False),
        sa.Column("name_key", SearchKey, nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("warning_count", sa.Integer(), nullable=False),
        sa.Column("flag_codes", sa.String(length=200), nullable=False),
        sa.Column("flag_data", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uuid"),
    )
    op.create_index("ix_record_review_nik_service", "record_review", ["nik", "service"])
    op.create_index(
        "ix_record_review_kecamatan_name", "record_review", ["kecamatan_code", "name_key"]
    )
    op.create_index(
        "ix_record_review_kecamatan_service", "record_review", ["kecamatan_code", "service"]
    )
    # Inbox: per-batch counts by review state, and per-kecamatan lists by state and time.
    op.create_index("ix_records_batch_review", "records", ["batch_id", "kind", "review_status"])
    op.create_index(
        "ix_records_kecamatan_review",
        "records",
        ["kecamatan_code", "kind", "review_status", "server_received_at"],
    )
    op.create_index(
        "ix_records_kecamatan_received", "records", ["kecamatan_code", "server_received_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_records_kecamatan_received", table_name="records")
    op.drop_index("ix_records_kecamatan_review", table_name="records")
    op.drop_index("ix_records_batch_review", table_name="records")
    op.drop_index("ix_record_review_kecamatan_service", table_name="record_review")
    op.drop_index("ix_record_review_kecamatan_name", table_name="record_review")
    op.drop_index("ix_record_review_nik_service", table_name="record_review")
    op.drop_table("record_review")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("team")
        batch.drop_column("full_name")
