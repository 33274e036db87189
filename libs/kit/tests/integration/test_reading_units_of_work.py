"""Units of work that only read: what was committed, without a transaction of their own."""

from __future__ import annotations

from uuid import uuid4

import ledger_service
import pytest
from ledger_service import record_entries
from sqlalchemy import func, select, text

from lokal_kit.db import Database


async def test_a_reading_unit_of_work_sees_what_was_committed(ledger_db: Database) -> None:
    uow_factory = ledger_service.unit_of_work(ledger_db)
    await record_entries(uow_factory, 2)
    async with uow_factory().reading() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(ledger_service.entries))
    assert count == 2


async def test_a_reading_unit_of_work_cannot_commit(ledger_db: Database) -> None:
    async with ledger_service.unit_of_work(ledger_db)().reading() as uow:
        with pytest.raises(RuntimeError, match="cannot commit"):
            await uow.commit()


async def test_on_postgresql_each_read_is_a_transaction_of_its_own(
    postgres_ledger: Database,
) -> None:
    uow_factory = ledger_service.unit_of_work(postgres_ledger)
    current = text("SELECT txid_current()")
    async with uow_factory().reading() as uow:
        assert await uow.session.scalar(current) != await uow.session.scalar(current)
    async with uow_factory() as uow:
        assert await uow.session.scalar(current) == await uow.session.scalar(current)


async def test_reading_holds_for_one_block_only(ledger_db: Database) -> None:
    uow = ledger_service.unit_of_work(ledger_db)()
    async with uow.reading():
        pass
    async with uow:
        await uow.session.execute(
            ledger_service.entries.insert().values(id=uuid4(), account_id=uuid4(), amount=1)
        )
        await uow.commit()
    async with uow.reading():
        count = await uow.session.scalar(select(func.count()).select_from(ledger_service.entries))
    assert count == 1
