"""A commit in another process wakes the relay at once (LISTEN/NOTIFY), not at its next poll."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import ledger_service
from ledger_service import effect_counts, effects_subscription, record_entries
from sqlalchemy import text

from lokal_kit.db import Database
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.messaging.wakeup import CHANNEL, OutboxWakeup
from lokal_kit.testing.waiting import eventually

# far longer than any wait below: an event that arrives came through the notification
POLL_INTERVAL = 120.0
ARRIVAL = 10.0


@asynccontextmanager
async def worker_process(
    url: str, broker: RabbitBroker, *, retry_interval: float = 2.0
) -> AsyncIterator[tuple[Database, OutboxWakeup]]:
    """What the worker process runs: a relay that polls rarely, its wakeup, a consumer."""
    database = Database(url)
    signal = OutboxSignal()
    relay = OutboxRelay(
        service="ledger",
        database=database,
        tables=ledger_service.tables,
        broker=broker,
        signal=signal,
        poll_interval=POLL_INTERVAL,
    )
    wakeup = OutboxWakeup(database, signal, retry_interval=retry_interval)
    consumer = EventConsumer(
        subscription=effects_subscription("ledger.effects"),
        uow_factory=ledger_service.unit_of_work(database),
        tables=ledger_service.tables,
        broker=broker,
    )
    await consumer.start()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(wakeup.run(stop)), asyncio.create_task(relay.run(stop))]
    try:
        await asyncio.wait_for(wakeup.listening.wait(), ARRIVAL)
        yield database, wakeup
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await consumer.stop()
        await database.dispose()


async def test_an_event_committed_elsewhere_is_relayed_without_waiting_for_the_poll(
    postgres_ledger: Database, rabbit_brokers: Callable[[], Awaitable[RabbitBroker]]
) -> None:
    broker = await rabbit_brokers()
    async with worker_process(str(postgres_ledger.url), broker):
        # the API process: its own engine, and no signal shared with the worker
        entry_ids = await record_entries(ledger_service.unit_of_work(postgres_ledger), 3)
        counts = await eventually(
            lambda: effect_counts(postgres_ledger), lambda c: len(c) == 3, timeout=ARRIVAL
        )
    assert counts == dict.fromkeys(entry_ids, 1)


async def test_the_listener_comes_back_after_its_connection_is_lost(
    postgres_ledger: Database, rabbit_brokers: Callable[[], Awaitable[RabbitBroker]]
) -> None:
    broker = await rabbit_brokers()
    async with worker_process(str(postgres_ledger.url), broker, retry_interval=0.1):
        (listener,) = await listening_backends(postgres_ledger)
        async with postgres_ledger.session() as session:
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener})
        await eventually(
            lambda: listening_backends(postgres_ledger),
            lambda backends: len(backends) == 1 and listener not in backends,
            timeout=ARRIVAL,
        )

        entry_ids = await record_entries(ledger_service.unit_of_work(postgres_ledger), 2)
        counts = await eventually(
            lambda: effect_counts(postgres_ledger), lambda c: len(c) == 2, timeout=ARRIVAL
        )
    assert counts == dict.fromkeys(entry_ids, 1)


async def test_without_postgresql_there_is_nothing_to_listen_to(sqlite_ledger: Database) -> None:
    wakeup = OutboxWakeup(sqlite_ledger, OutboxSignal())
    await asyncio.wait_for(wakeup.run(asyncio.Event()), 1.0)
    assert not wakeup.listening.is_set()


async def listening_backends(database: Database) -> list[int]:
    async with database.session() as session:
        rows = await session.scalars(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND query = :listen"
            ),
            {"listen": f'LISTEN "{CHANNEL}"'},
        )
        return list(rows)
