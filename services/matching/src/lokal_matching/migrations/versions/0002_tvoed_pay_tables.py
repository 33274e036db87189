"""TVöD VKA pay tables 2025-04 and 2026-05 (data/tvoed-vka.csv), and the pool revision counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:20:00
"""

import csv
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = Path(__file__).parents[2] / "data" / "tvoed-vka.csv"
VALID_FROM = (date(2025, 4, 1), date(2026, 5, 1))

pay_rates = sa.table(
    "pay_rates",
    sa.column("valid_from", sa.Date),
    sa.column("valid_to", sa.Date),
    sa.column("pay_group", sa.String),
    sa.column("step", sa.Integer),
    sa.column("monthly_gross_eur", sa.Numeric(10, 2)),
    sa.column("status", sa.String),
)
pool_revisions = sa.table(
    "pool_revisions", sa.column("name", sa.String), sa.column("revision", sa.BigInteger)
)


def upgrade() -> None:
    with TABLE.open(encoding="utf-8", newline="") as file:
        rows = [
            {
                "valid_from": date.fromisoformat(row["valid_from"]),
                "valid_to": date.fromisoformat(row["valid_to"]),
                "pay_group": row["pay_group"],
                "step": int(row["step"]),
                "monthly_gross_eur": Decimal(row["monthly_gross_eur"]),
                "status": row["status"],
            }
            for row in csv.DictReader(file)
            if date.fromisoformat(row["valid_from"]) in VALID_FROM
        ]
    op.bulk_insert(pay_rates, rows)
    op.bulk_insert(pool_revisions, [{"name": "makers", "revision": 0}, {"name": "projects", "revision": 0}])


def downgrade() -> None:
    op.execute(pay_rates.delete().where(pay_rates.c.valid_from.in_(VALID_FROM)))
    op.execute(pool_revisions.delete())
