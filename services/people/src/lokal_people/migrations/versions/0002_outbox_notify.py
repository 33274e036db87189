"""The outbox notifies at commit, so that the worker's relay wakes at once (PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:00:00
"""

from collections.abc import Sequence

from alembic import op

from lokal_kit.messaging.wakeup import create_outbox_trigger, drop_outbox_trigger

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_trigger(op)


def downgrade() -> None:
    drop_outbox_trigger(op)
