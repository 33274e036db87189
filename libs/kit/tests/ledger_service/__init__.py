"""A tiny service for the kit's own tests: entries recorded on accounts, and a consumer's effects.

`effects` has no unique constraint on the entry, so an event applied twice
shows up as two rows instead of being hidden by the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from uuid import UUID, uuid4

from sqlalchemy import Column, Integer, String, Table, Uuid, func, select

from lokal_contracts import Envelope, IntegrationEvent
from lokal_kit.db import Database
from lokal_kit.messaging.consumer import Subscription
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.tables import add_messaging_tables
from lokal_kit.sqltypes import AutoIncrementId, new_metadata
from lokal_kit.uow import UnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"

metadata = new_metadata()
tables = add_messaging_tables(metadata)
entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, nullable=False, index=True),
    Column("amount", Integer, nullable=False),
)
effects = Table(
    "ledger_effects",
    metadata,
    Column("id", AutoIncrementId, primary_key=True, autoincrement=True),
    Column("consumer", String(100), nullable=False),
    Column("entry_id", Uuid, nullable=False),
    Column("amount", Integer, nullable=False),
)


class EntryRecorded(IntegrationEvent):
    event_type: ClassVar[str] = "ledger.entry.recorded.v1"
    subject_field: ClassVar[str] = "account_id"

    account_id: UUID
    entry_id: UUID
    amount: int


def unit_of_work(
    database: Database, signal: OutboxSignal | None = None
) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(database, tables, source="/lokal/ledger", signal=signal)


async def record_entries(
    uow_factory: Callable[[], UnitOfWork],
    count: int,
    *,
    account_id: UUID | None = None,
    per_transaction: int = 1,
) -> list[UUID]:
    """Record `count` entries with their events, `per_transaction` in each transaction."""
    ids: list[UUID] = []
    while len(ids) < count:
        async with uow_factory() as uow:
            for _ in range(min(per_transaction, count - len(ids))):
                i, account, entry_id = len(ids), account_id or uuid4(), uuid4()
                await uow.session.execute(
                    entries.insert().values(id=entry_id, account_id=account, amount=i)
                )
                uow.publish(
                    EntryRecorded(account_id=account, entry_id=entry_id, amount=i, version=i + 1)
                )
                ids.append(entry_id)
            await uow.commit()
    return ids


def effects_subscription(
    name: str, *, delay: float = 0.0, fail: Callable[[], bool] | None = None
) -> Subscription:
    """Applies each entry as one row in `effects`; `fail()` true makes a delivery fail."""

    async def apply(event: EntryRecorded, envelope: Envelope, uow: UnitOfWork) -> None:
        if delay:
            await asyncio.sleep(delay)
        if fail is not None and fail():
            raise RuntimeError("the handler is broken")
        await uow.session.execute(
            effects.insert().values(consumer=name, entry_id=event.entry_id, amount=event.amount)
        )

    return Subscription(name=name, handlers={EntryRecorded: apply})


async def effect_counts(database: Database) -> dict[UUID, int]:
    async with database.session() as session:
        rows = (
            await session.execute(
                select(effects.c.entry_id, func.count()).group_by(effects.c.entry_id)
            )
        ).all()
    return {row[0]: row[1] for row in rows}
