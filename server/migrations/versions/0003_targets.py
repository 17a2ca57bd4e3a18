"""Target lists, the dashboard index, devices.public_key.

Revision ID: 0003_targets
Revises: 0002_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_targets"
down_revision = "0002_review"
branch_labels = None
depends_on = None

NikKey = sa.String(16).with_variant(sa.String(16, collation="C"), "postgresql")
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("nik", NikKey, nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("desa_code", sa.String(length=20), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nik", "service", name="uq_targets_nik_service"),
    )
    op.create_index("ix_targets_seq", "targets", ["seq"], unique=True)
    op.create_index("ix_targets_kecamatan_seq", "targets", ["kecamatan_code", "seq"])
    op.create_index(
        "ix_targets_kecamatan_service",
        "targets",
        ["kecamatan_code", "service", "removed", "nik"],
    )
    # Dashboard: requests per day and per service, covering and in GROUP BY order.
    op.create_index(
        "ix_record_review_dashboard",
        "record_review",
        ["kecamatan_code", "day", "service", "status"],
    )
    op.create_index(
        "ix_record_review_service_day",
        "record_review",
        ["kecamatan_code", "service", "day", "status"],
    )
    # USB relay (device key pairs): the device's public key, PEM or base64.
    op.add_column("devices", sa.Column("public_key", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("public_key")
    op.drop_index("ix_record_review_service_day", table_name="record_review")
    op.drop_index("ix_record_review_dashboard", table_name="record_review")
    op.drop_index("ix_targets_kecamatan_service", table_name="targets")
    op.drop_index("ix_targets_kecamatan_seq", table_name="targets")
    op.drop_index("ix_targets_seq", table_name="targets")
    op.drop_table("targets")
