"""Processing log: who read, exported or imported which records (UU PDP art. 31).

Revision ID: 0004_processing_log
Revises: 0003_targets
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_processing_log"
down_revision = "0003_targets"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "processing_log",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_processing_log_at", "processing_log", ["at"])
    op.create_index("ix_processing_log_actor_at", "processing_log", ["actor", "at"])
    op.create_index("ix_processing_log_action_at", "processing_log", ["action", "at"])
    op.create_table(
        "processing_log_records",
        sa.Column("log_id", sa.BigInteger(), nullable=False),
        sa.Column("record_uuid", sa.String(length=64), nullable=False),
    )
    op.create_index(
        "ix_processing_log_records_uuid", "processing_log_records", ["record_uuid", "log_id"]
    )
    op.create_index("ix_processing_log_records_log", "processing_log_records", ["log_id"])


def downgrade() -> None:
    op.drop_index("ix_processing_log_records_log", table_name="processing_log_records")
    op.drop_index("ix_processing_log_records_uuid", table_name="processing_log_records")
    op.drop_table("processing_log_records")
    op.drop_index("ix_processing_log_action_at", table_name="processing_log")
    op.drop_index("ix_processing_log_actor_at", table_name="processing_log")
    op.drop_index("ix_processing_log_at", table_name="processing_log")
    op.drop_table("processing_log")
