"""Nothing is lost and nothing applied twice when the broker goes away or a consumer dies."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import ledger_service
from ledger_service import effect_counts, effects_subscription, record_entries
from ledger_service.consume import RETRY_DELAYS
from sqlalchemy import func, select

from lokal_kit.db import Database
from lokal_kit.messaging.broker import Broker
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.inprocess import InProcessBroker
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.testing.proxy import CuttableProxy
from lokal_kit.testing.waiting import eventually

outbox = ledger_service.tables.outbox


async def pending(database: Database) -> int:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )
    return int(count or 0)


async def test_events_written_while_the_broker_is_away_arrive_once_it_is_back(
    postgres_ledger: Database,
    amqp_url: str,
    rabbit_brokers: Callable[..., Awaitable[RabbitBroker]],
) -> None:
    target = urlsplit(amqp_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5672)
    await proxy.start()
    proxied = amqp_url.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}")
    relay_broker = await rabbit_brokers(proxied)
    consumer_broker = await rabbit_brokers()
    signal_ = OutboxSignal()
    consumer = EventConsumer(
        subscription=effects_subscription("ledger.effects"),
        uow_factory=ledger_service.unit_of_work(postgres_ledger),
        tables=ledger_service.tables,
        broker=consumer_broker,
        prefetch=50,
    )
    await consumer.start()
    relay = OutboxRelay(
        service="ledger",
        database=postgres_ledger,
        tables=ledger_service.tables,
        broker=relay_broker,
        signal=signal_,
        poll_interval=0.1,
    )
    stop = asyncio.Event()
    relaying = asyncio.create_task(relay.run(stop))
    try:
        proxy.cut()
        await eventually(_value(lambda: relay_broker.is_connected), lambda up: not up)
        entry_ids = await record_entries(
            ledger_service.unit_of_work(postgres_ledger, signal_), 1000
        )
        await asyncio.sleep(0.5)
        assert await effect_counts(postgres_ledger) == {}
        assert await pending(postgres_ledger) == 1000

        proxy.restore()
        counts = await eventually(
            lambda: effect_counts(postgres_ledger), lambda c: sum(c.values()) >= 1000, timeout=90
        )
        assert counts == dict.fromkeys(entry_ids, 1)
        assert await pending(postgres_ledger) == 0
    finally:
        stop.set()
        await relaying
        await consumer.stop()
        await proxy.close()


async def test_a_consumer_killed_mid_stream_loses_nothing_and_applies_nothing_twice(
    postgres_ledger: Database,
    amqp_url: str,
    rabbit_brokers: Callable[..., Awaitable[RabbitBroker]],
) -> None:
    broker = await rabbit_brokers()
    subscription = effects_subscription("ledger.effects")
    await broker.declare_queue(
        subscription.queue_spec(retry_delays=RETRY_DELAYS, delivery_limit=10)
    )
    entry_ids = await record_entries(ledger_service.unit_of_work(postgres_ledger), 300)
    relay = OutboxRelay(
        service="ledger", database=postgres_ledger, tables=ledger_service.tables, broker=broker
    )
    while await relay.relay_once():
        pass

    first = await _consumer_process(postgres_ledger, amqp_url, broker.namespace)
    await eventually(lambda: effect_counts(postgres_ledger), lambda c: sum(c.values()) >= 60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    after_kill = await effect_counts(postgres_ledger)
    assert 60 <= sum(after_kill.values()) < 300, "killed mid-stream, not after it"
    assert set(after_kill.values()) == {1}

    second = await _consumer_process(postgres_ledger, amqp_url, broker.namespace)
    try:
        counts = await eventually(
            lambda: effect_counts(postgres_ledger), lambda c: sum(c.values()) >= 300, timeout=60
        )
        await asyncio.sleep(0.5)  # a redelivery applied twice would show up now
        assert await effect_counts(postgres_ledger) == counts == dict.fromkeys(entry_ids, 1)
    finally:
        second.terminate()
        await second.wait()


async def _consumer_process(
    database: Database, amqp_url: str, namespace: str
) -> asyncio.subprocess.Process:
    tests_dir = Path(ledger_service.__file__).parents[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ledger_service.consume",
        "--database",
        database.url.render_as_string(hide_password=False),
        "--amqp",
        amqp_url,
        "--namespace",
        namespace,
        "--name",
        "ledger.effects",
        "--delay",
        "0.01",
        env={**os.environ, "PYTHONPATH": str(tests_dir)},
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    assert (await asyncio.wait_for(process.stdout.readline(), 30)).strip() == b"consuming"
    return process


async def test_a_delivery_in_hand_when_the_process_stops_is_delivered_again(
    sqlite_ledger: Database, tmp_path: Path
) -> None:
    path = f"sqlite+aiosqlite:///{tmp_path / 'broker.sqlite'}"
    stuck = asyncio.Event()

    async def hold(delivery: object) -> None:
        stuck.set()
        await asyncio.Event().wait()  # never settles: the process "dies" holding it

    broker = InProcessBroker(path)
    await broker.start()
    spec = effects_subscription("ledger.effects").queue_spec(retry_delays=(0.1,), delivery_limit=5)
    consumption = await broker.consume(spec, hold, prefetch=1)  # type: ignore[arg-type]
    (entry_id,) = await record_entries(ledger_service.unit_of_work(sqlite_ledger), 1)
    await _relay_everything(sqlite_ledger, broker)
    await asyncio.wait_for(stuck.wait(), 10)
    await consumption.cancel()
    await broker.close()

    restarted = InProcessBroker(path)
    await restarted.start()
    consumer = EventConsumer(
        subscription=effects_subscription("ledger.effects"),
        uow_factory=ledger_service.unit_of_work(sqlite_ledger),
        tables=ledger_service.tables,
        broker=restarted,
    )
    await consumer.start()
    try:
        counts = await eventually(lambda: effect_counts(sqlite_ledger), bool)
        assert counts == {entry_id: 1}
    finally:
        await consumer.stop()
        await restarted.close()


async def _relay_everything(database: Database, broker: Broker) -> None:
    relay = OutboxRelay(
        service="ledger", database=database, tables=ledger_service.tables, broker=broker
    )
    while await relay.relay_once():
        pass


def _value(read: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return read()

    return probe
