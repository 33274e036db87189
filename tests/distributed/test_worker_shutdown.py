"""SIGTERM to a worker: no more deliveries, those in hand finish, the outbox is flushed, exit 0."""

from __future__ import annotations

import asyncio
import contextlib

import ledger_service
from ledger_service import effect_counts, record_entries
from sqlalchemy import func, select
from testbed.processes import LokalProcess

from lokal_kit.db import Database
from lokal_kit.testing.waiting import eventually

from .conftest import Starter

outbox = ledger_service.tables.outbox


async def pending(database: Database) -> int:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )
    return int(count or 0)


async def test_sigterm_mid_stream_loses_no_event_and_applies_none_twice(
    ledger_database: Database, ledger_processes: Starter
) -> None:
    first = await ledger_processes("worker", ledger_handler_delay="0.01")
    second = await ledger_processes("worker", ledger_handler_delay="0.01")
    uow_factory = ledger_service.unit_of_work(ledger_database)
    recorded: list[object] = []

    async def stream() -> None:
        # a steady stream of events: 30 batches of 20, each batch its own transactions
        for _ in range(30):
            recorded.extend(await record_entries(uow_factory, 20))
            await asyncio.sleep(0.05)

    producing = asyncio.create_task(stream())
    try:
        await eventually(
            lambda: effect_counts(ledger_database), lambda c: sum(c.values()) >= 150, timeout=60
        )
        assert not producing.done(), "the stream must still be flowing when SIGTERM arrives"
        first.terminate()
        assert await first.wait(timeout=60) == 0, first.output()
        await producing
    finally:
        producing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await producing

    assert len(recorded) == 600
    counts = await eventually(
        lambda: effect_counts(ledger_database), lambda c: sum(c.values()) >= 600, timeout=90
    )
    await asyncio.sleep(1.0)  # a redelivery applied twice would show up now
    assert await effect_counts(ledger_database) == counts == dict.fromkeys(recorded, 1)
    assert await pending(ledger_database) == 0
    assert "worker draining" in first.output()
    assert "worker stopped" in first.output()

    second.terminate()
    assert await second.wait(timeout=60) == 0, second.output()


async def test_a_draining_worker_reports_not_ready_and_finishes_what_it_holds(
    ledger_database: Database, ledger_processes: Starter
) -> None:
    worker: LokalProcess = await ledger_processes("worker", ledger_handler_delay="2.0")
    entry_ids = await record_entries(ledger_service.unit_of_work(ledger_database), 5)
    # published means in the queue; with prefetch 20 the worker holds all five at once
    await eventually(lambda: pending(ledger_database), lambda n: n == 0, timeout=30)
    await asyncio.sleep(0.5)
    assert await effect_counts(ledger_database) == {}, "still in hand"

    worker.terminate()
    status, body = await eventually(worker.readiness, lambda answer: answer[0] != 200, timeout=10)
    assert status == 503, (status, worker.output())
    assert body["checks"]["shutdown"] == "draining"  # type: ignore[index]

    assert await worker.wait(timeout=60) == 0, worker.output()
    assert await effect_counts(ledger_database) == dict.fromkeys(entry_ids, 1)
