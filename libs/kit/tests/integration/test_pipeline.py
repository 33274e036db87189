"""Outbox → relay → broker → inbox, on both brokers and both databases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar
from uuid import UUID, uuid4

import ledger_service
import pytest
from ledger_service import EntryRecorded, effect_counts, effects_subscription, record_entries
from prometheus_client import REGISTRY
from sqlalchemy import func, select, update

from lokal_kit.db import Database
from lokal_kit.messaging.broker import Broker, Delivery
from lokal_kit.messaging.consumer import EventConsumer, Subscription
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.sqltypes import utcnow
from lokal_kit.testing.waiting import eventually

QUICK_RETRIES = (0.05, 0.1)
T = TypeVar("T")
outbox = ledger_service.tables.outbox


@asynccontextmanager
async def consuming(
    database: Database, broker: Broker, subscription: Subscription
) -> AsyncIterator[EventConsumer]:
    consumer = EventConsumer(
        subscription=subscription,
        uow_factory=ledger_service.unit_of_work(database),
        tables=ledger_service.tables,
        broker=broker,
        retry_delays=QUICK_RETRIES,
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


def relay_for(database: Database, broker: Broker, **options: float) -> OutboxRelay:
    return OutboxRelay(
        service="ledger", database=database, tables=ledger_service.tables, broker=broker, **options
    )


async def relay_all(relay: OutboxRelay) -> None:
    while await relay.relay_once():
        pass


async def test_a_change_and_its_event_commit_together_or_not_at_all(ledger_db: Database) -> None:
    uow_factory = ledger_service.unit_of_work(ledger_db)
    await record_entries(uow_factory, 3)
    async with uow_factory() as uow:
        await uow.session.execute(
            ledger_service.entries.insert().values(id=uuid4(), account_id=uuid4(), amount=1)
        )
        uow.publish(EntryRecorded(account_id=uuid4(), entry_id=uuid4(), amount=1, version=1))
        # leaving without commit: the entry and its event are both gone

    async with ledger_db.session() as session:
        entry_count = await session.scalar(select(func.count()).select_from(ledger_service.entries))
        rows = (await session.execute(select(outbox.c.event_type, outbox.c.envelope))).all()
    assert entry_count == 3
    assert [row.event_type for row in rows] == ["ledger.entry.recorded.v1"] * 3
    assert all('"specversion":"1.0"' in row.envelope for row in rows)


async def test_every_event_is_applied_exactly_once(
    ledger_db: Database, brokers: Callable[[], Awaitable[Broker]]
) -> None:
    broker = await brokers()
    entry_ids = await record_entries(ledger_service.unit_of_work(ledger_db), 40)
    async with consuming(ledger_db, broker, effects_subscription("ledger.effects")):
        await relay_all(relay_for(ledger_db, broker))
        counts = await eventually(lambda: effect_counts(ledger_db), lambda c: sum(c.values()) >= 40)
    assert counts == dict.fromkeys(entry_ids, 1)
    async with ledger_db.session() as session:
        pending = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )
    assert pending == 0


async def test_a_redelivered_event_has_no_second_effect(
    ledger_db: Database, brokers: Callable[[], Awaitable[Broker]]
) -> None:
    broker = await brokers()
    entry_ids = await record_entries(ledger_service.unit_of_work(ledger_db), 5)
    relay = relay_for(ledger_db, broker)
    async with consuming(ledger_db, broker, effects_subscription("ledger.effects")):
        await relay_all(relay)
        await eventually(lambda: effect_counts(ledger_db), lambda c: sum(c.values()) == 5)
        # as if the relay had died between the broker's confirm and its commit
        async with ledger_db.session() as session, session.begin():
            await session.execute(update(outbox).values(published_at=None))
        duplicates_before = consumed("duplicate")
        await relay_all(relay)
        await eventually(
            _async(lambda: consumed("duplicate")), lambda n: n >= duplicates_before + 5
        )
        counts = await effect_counts(ledger_db)
    assert counts == dict.fromkeys(entry_ids, 1)


async def test_an_erasure_forgets_the_published_events_that_mention_the_person(
    ledger_db: Database,
) -> None:
    erased, other = uuid4(), uuid4()
    uow_factory = ledger_service.unit_of_work(ledger_db)

    async def recorded(account: UUID) -> None:
        async with uow_factory() as uow:
            uow.publish(EntryRecorded(account_id=account, entry_id=uuid4(), amount=1, version=1))
            await uow.commit()

    await recorded(erased)
    await recorded(other)
    async with ledger_db.session() as session, session.begin():
        await session.execute(update(outbox).values(published_at=utcnow()))
    await recorded(erased)  # not yet published: the others still need it
    async with uow_factory() as uow:
        await uow.forget_published_events(str(erased))
        uow.publish(EntryRecorded(account_id=erased, entry_id=uuid4(), amount=-1, version=2))
        await uow.commit()

    async with ledger_db.session() as session:
        rows = (await session.execute(select(outbox.c.envelope, outbox.c.published_at))).all()
    left = sorted((str(erased) in row.envelope, row.published_at is not None) for row in rows)
    assert left == [(False, True), (True, False), (True, False)]


def consumed(outcome: str, consumer: str = "ledger.effects") -> float:
    labels = {"consumer": consumer, "event_type": "ledger.entry.recorded.v1", "outcome": outcome}
    return REGISTRY.get_sample_value("lokal_events_consumed_total", labels) or 0.0


async def test_an_event_older_than_the_applied_version_is_ignored(
    ledger_db: Database, brokers: Callable[[], Awaitable[Broker]]
) -> None:
    broker = await brokers()
    account = uuid4()
    newer, older = uuid4(), uuid4()
    uow_factory = ledger_service.unit_of_work(ledger_db)
    relay = relay_for(ledger_db, broker)
    async with consuming(ledger_db, broker, effects_subscription("ledger.effects")):
        async with uow_factory() as uow:
            uow.publish(EntryRecorded(account_id=account, entry_id=newer, amount=2, version=2))
            await uow.commit()
        await relay_all(relay)
        await eventually(lambda: effect_counts(ledger_db), lambda c: c == {newer: 1})

        stale_before = consumed("stale")
        async with uow_factory() as uow:
            uow.publish(EntryRecorded(account_id=account, entry_id=older, amount=1, version=1))
            await uow.commit()
        await relay_all(relay)
        await eventually(_async(lambda: consumed("stale")), lambda n: n == stale_before + 1)
    assert await effect_counts(ledger_db) == {newer: 1}
    assert await _applied_versions(ledger_db) == [2]


async def _applied_versions(database: Database) -> list[int]:
    versions = ledger_service.tables.applied_versions
    async with database.session() as session:
        return list((await session.execute(select(versions.c.version))).scalars())


async def test_a_failing_handler_parks_the_message_and_replay_applies_it_once(
    ledger_db: Database, brokers: Callable[[], Awaitable[Broker]]
) -> None:
    broker = await brokers()
    broken = True
    attempts = 0

    def fail() -> bool:
        nonlocal attempts
        attempts += 1
        return broken

    subscription = effects_subscription("ledger.fragile", fail=fail)
    (entry_id,) = await record_entries(ledger_service.unit_of_work(ledger_db), 1)
    async with consuming(ledger_db, broker, subscription):
        await relay_all(relay_for(ledger_db, broker))
        parked = await eventually(lambda: broker.parked("ledger.fragile"), lambda p: len(p) == 1)
        assert attempts == len(QUICK_RETRIES) + 1
        assert parked[0].attempts == len(QUICK_RETRIES) + 1
        assert "the handler is broken" in parked[0].error
        assert parked[0].routing_key == "ledger.entry.recorded.v1"
        assert await effect_counts(ledger_db) == {}

        broken = False
        assert await broker.replay_parked("ledger.fragile") == 1
        counts = await eventually(lambda: effect_counts(ledger_db), lambda c: bool(c))
        assert counts == {entry_id: 1}
        assert await broker.parked("ledger.fragile") == []


@pytest.mark.parametrize("ledger_db", ["postgres"], indirect=True)
async def test_two_relays_on_one_database_publish_each_row_once(
    ledger_db: Database, rabbit_brokers: Callable[[], Awaitable[Broker]]
) -> None:
    first, second = await rabbit_brokers(), await rabbit_brokers()
    signal = OutboxSignal()
    counting = effects_subscription("ledger.counting")
    # a consumer without an inbox would be fooled by duplicates; count the broker's copies instead
    received: list[str] = []

    async def count(delivery: Delivery) -> None:
        received.append(delivery.message_id)
        await delivery.ack()

    spec = counting.queue_spec(retry_delays=QUICK_RETRIES, delivery_limit=5)
    consumption = await first.consume(spec, count, prefetch=100)
    await record_entries(ledger_service.unit_of_work(ledger_db, signal), 400)
    relays = [relay_for(ledger_db, b, batch_size=25) for b in (first, second)]
    results = await asyncio.gather(*(relay_all(r) for r in relays))
    assert results == [None, None]
    await eventually(_async(lambda: len(received)), lambda n: n >= 400)
    await asyncio.sleep(0.3)  # time for a duplicate, if there were one, to arrive
    await consumption.cancel()
    await consumption.close()
    assert len(received) == 400
    assert len(set(received)) == 400


def _async(read: Callable[[], T]) -> Callable[[], Awaitable[T]]:
    async def probe() -> T:
        return read()

    return probe


async def test_one_failing_event_in_a_batch_does_not_hold_back_the_others(
    ledger_db: Database, brokers: Callable[[], Awaitable[Broker]]
) -> None:
    broker = await brokers()
    poisoned: set[int] = {7}
    current: list[int] = []

    async def apply(event: EntryRecorded, envelope: object, uow: object) -> None:
        if event.amount in poisoned:
            raise RuntimeError("the handler is broken")
        await ledger_service.effects_subscription("ledger.batch").handlers[EntryRecorded](
            event, envelope, uow
        )
        current.append(event.amount)

    subscription = Subscription(name="ledger.batch", handlers={EntryRecorded: apply})
    await broker.declare_queue(
        subscription.queue_spec(retry_delays=QUICK_RETRIES, delivery_limit=10)
    )
    entry_ids = await record_entries(ledger_service.unit_of_work(ledger_db), 30)
    await relay_all(relay_for(ledger_db, broker))  # all queued before the consumer starts
    async with consuming(ledger_db, broker, subscription):
        parked = await eventually(lambda: broker.parked("ledger.batch"), lambda p: len(p) == 1)
        counts = await eventually(lambda: effect_counts(ledger_db), lambda c: len(c) == 29)
    assert parked[0].attempts == len(QUICK_RETRIES) + 1
    assert set(counts.values()) == {1}
    assert set(counts) == set(entry_ids) - {entry_ids[7]}
