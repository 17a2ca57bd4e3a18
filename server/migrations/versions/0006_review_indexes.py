"""Two fewer indexes on ``record_review``: every request ingested writes one entry per index.

- ``ix_record_review_kecamatan_service`` (kecamatan, service) is a leading prefix of
  ``ix_record_review_service_day``, and of nothing a query needs beyond it;
- ``ix_record_review_service_day`` (kecamatan, service, day, status) served the dashboard's
  per-service counts; ``ix_record_review_dashboard`` (kecamatan, day, service, status)
  covers that query too (an index-only scan of the date range, grouped by hash).

Checked with EXPLAIN ANALYZE on PostgreSQL over a year of data (250,000 requests, 20
kecamatan): the supervisor lists filtered by service use the dashboard index (as fast as
before); the dashboard's per-service counts over 20 kecamatan and 365 days take ~43 ms
instead of ~34 ms; every other query keeps its plan. Ingest writes ~1 ms less per 500
requests on PostgreSQL. The remaining indexes: the primary key (uuid), NIK + service
(duplicate flags, target coverage), kecamatan + name (name search), the dashboard index.

Revision ID: 0006_review_indexes
Revises: 0005_revision_archive
"""

from alembic import op

revision = "0006_review_indexes"
down_revision = "0005_revision_archive"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_record_review_kecamatan_service", table_name="record_review")
    op.drop_index("ix_record_review_service_day", table_name="record_review")


def downgrade() -> None:
    op.create_index(
        "ix_record_review_service_day",
        "record_review",
        ["kecamatan_code", "service", "day", "status"],
    )
    op.create_index(
        "ix_record_review_kecamatan_service", "record_review", ["kecamatan_code", "service"]
    )
