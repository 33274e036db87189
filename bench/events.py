"""Event backbone throughput: the whole pipeline against raw aio-pika, in the same run.

    uv run python bench/events.py [--events 10000] [--producers 16]

Each side runs as separate processes, as in production (an API process writing, a worker
relaying, another service's worker consuming):

- pipeline: producers commit one event per transaction (the change and its outbox row), and
  in a second run several per transaction →
  the outbox relay publishes with confirms → RabbitMQ → the consumer applies each event in a
  transaction with its inbox row; timed until the last effect is committed.
- raw: aio-pika publishes the same number of persistent messages with publisher confirms into
  a quorum queue, and a consumer acknowledges them — once the plain way (each `publish`
  awaits its confirm) and once with 200 confirms in flight, as the relay does. A third run
  sends them, 200 in flight, through the pipeline's own topology: a topic exchange, mandatory,
  to the quorum queue and the `<ns>.events.log` stream bound to `#` (a broker binding that
  stores a second copy of every event). The goal is stated against the plain in-flight run;
  the third shows what of the gap is the broker's work for that topology.

Uses the PostgreSQL and RabbitMQ the tests use (LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL,
else the local defaults); creates and drops its own database and queues.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import sys
import time
import uuid
from multiprocessing.synchronize import Event
from pathlib import Path

import aio_pika
import asyncpg

sys.path.insert(0, str(Path(__file__).parents[1] / "libs" / "kit" / "tests"))

import ledger_service
from sqlalchemy import func, select

from lokal_kit.db import Database
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.migrations import upgrade
from lokal_kit.testing.servers import sqlalchemy_url

POSTGRES = os.environ.get(
    "LOKAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
AMQP = os.environ.get("LOKAL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SUBSCRIPTION = ledger_service.effects_subscription("bench.effects")
RETRIES = (1.0,)


# --- the pipeline's processes ----------------------------------------------------------------


async def _produce(url: str, count: int, producers: int, per_transaction: int, go: Event) -> None:
    database = Database(url, pool_size=producers)
    uow_factory = ledger_service.unit_of_work(database)
    await asyncio.to_thread(go.wait)
    await asyncio.gather(
        *(
            ledger_service.record_entries(
                uow_factory, count // producers, per_transaction=per_transaction
            )
            for _ in range(producers)
        )
    )
    await database.dispose()


async def _relay(url: str, namespace: str, ready: Event, stop: Event) -> None:
    database = Database(url)
    broker = RabbitBroker(AMQP, namespace=namespace)
    await broker.start()
    relay = OutboxRelay(
        service="bench",
        database=database,
        tables=ledger_service.tables,
        broker=broker,
        poll_interval=0.02,
    )
    stopping = asyncio.Event()
    running = asyncio.create_task(relay.run(stopping))
    ready.set()
    await asyncio.to_thread(stop.wait)
    stopping.set()
    await running
    await broker.close()
    await database.dispose()


async def _consume(url: str, namespace: str, ready: Event, stop: Event) -> None:
    database = Database(url)
    broker = RabbitBroker(AMQP, namespace=namespace)
    await broker.start()
    consumer = EventConsumer(
        subscription=SUBSCRIPTION,
        uow_factory=ledger_service.unit_of_work(database),
        tables=ledger_service.tables,
        broker=broker,
        retry_delays=RETRIES,
        prefetch=200,
        batch_size=100,
    )
    await consumer.start()
    ready.set()
    await asyncio.to_thread(stop.wait)
    await consumer.stop()
    await broker.close()
    await database.dispose()


async def pipeline(events: int, producers: int, per_transaction: int, namespace: str) -> float:
    name = f"lokal_bench_{namespace}"
    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = sqlalchemy_url(POSTGRES, name)
    database = Database(url)
    spawn = multiprocessing.get_context("spawn")
    go, stop = spawn.Event(), spawn.Event()
    relay_ready, consumer_ready = spawn.Event(), spawn.Event()
    workers = [
        spawn.Process(target=_run, args=(_relay, url, namespace, relay_ready, stop)),
        spawn.Process(target=_run, args=(_consume, url, namespace, consumer_ready, stop)),
        spawn.Process(target=_run, args=(_produce, url, events, producers, per_transaction, go)),
    ]
    try:
        await upgrade(database, ledger_service.MIGRATIONS)
        for worker in workers:
            worker.start()
        await asyncio.to_thread(relay_ready.wait, 60)
        await asyncio.to_thread(consumer_ready.wait, 60)
        total = events // producers * producers

        started = time.perf_counter()
        go.set()
        while await _effects(database) < total:
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - started

        counts = await ledger_service.effect_counts(database)
        assert len(counts) == total, "every event applied"
        assert set(counts.values()) == {1}, "no event applied twice"
        return total / elapsed
    finally:
        stop.set()
        for worker in workers:
            worker.join(60)
        await database.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _effects(database: Database) -> int:
    async with database.session() as session:
        return int(
            await session.scalar(select(func.count()).select_from(ledger_service.effects)) or 0
        )


# --- raw aio-pika ---------------------------------------------------------------------------


async def _raw_publish(
    queue: str, count: int, body: bytes, in_flight: int, topology: bool, go: Event
) -> None:
    connection = await aio_pika.connect_robust(AMQP)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = channel.default_exchange
        if topology:
            exchange = await channel.declare_exchange(
                f"{queue}.events", aio_pika.ExchangeType.TOPIC, durable=True
            )
        await asyncio.to_thread(go.wait)
        for offset in range(0, count, in_flight):
            await asyncio.gather(
                *(
                    exchange.publish(
                        aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=queue,
                        mandatory=topology,
                    )
                    for _ in range(min(in_flight, count - offset))
                )
            )


async def _raw_consume(
    queue_name: str, count: int, topology: bool, ready: Event, done: Event
) -> None:
    connection = await aio_pika.connect_robust(AMQP)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=200)
        queue = await channel.declare_queue(
            queue_name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        if topology:
            exchange = await channel.declare_exchange(
                f"{queue_name}.events", aio_pika.ExchangeType.TOPIC, durable=True
            )
            # the same event log RabbitBroker declares
            log = await channel.declare_queue(
                f"{queue_name}.events.log",
                durable=True,
                arguments={"x-queue-type": "stream", "x-max-age": "7D"},
            )
            await log.bind(exchange, routing_key="#")
            await queue.bind(exchange, routing_key=queue_name)
        received = 0
        finished = asyncio.Event()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal received
            await message.ack()
            received += 1
            if received == count:
                finished.set()

        await queue.consume(on_message)
        ready.set()
        await finished.wait()
        done.set()
        await queue.delete(if_unused=False, if_empty=False)
        if topology:
            await log.delete(if_unused=False, if_empty=False)
            await exchange.delete()


async def raw(
    events: int, namespace: str, body: bytes, in_flight: int, *, topology: bool = False
) -> float:
    """`in_flight` 1 is aio-pika's plain `await publish(...)`: each waits for its confirm."""
    spawn = multiprocessing.get_context("spawn")
    go, ready, done = spawn.Event(), spawn.Event(), spawn.Event()
    queue = f"{namespace}.raw"
    workers = [
        spawn.Process(target=_run, args=(_raw_consume, queue, events, topology, ready, done)),
        spawn.Process(
            target=_run, args=(_raw_publish, queue, events, body, in_flight, topology, go)
        ),
    ]
    for worker in workers:
        worker.start()
    await asyncio.to_thread(ready.wait, 60)
    started = time.perf_counter()
    go.set()
    await asyncio.to_thread(done.wait)
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join(60)
    return events / elapsed


def _run(role, *args) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(role(*args))


async def _delete_queues(namespace: str) -> None:
    spec = SUBSCRIPTION.queue_spec(retry_delays=RETRIES, delivery_limit=10)
    work = f"{namespace}.{spec.name}"
    connection = await aio_pika.connect(AMQP)
    async with connection, connection.channel() as channel:
        for queue in (work, f"{work}.parked", f"{work}.retry.1000ms", f"{namespace}.events.log"):
            await channel.queue_delete(queue)
        await channel.exchange_delete(f"{namespace}.events")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--producers", type=int, default=16)
    parser.add_argument(
        "--batched", type=int, default=20, help="events per transaction in the second pipeline run"
    )
    options = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    # a message the size of a real envelope
    body = b"x" * 620

    raws = {
        in_flight: await raw(options.events, f"evbench{run}r{in_flight}", body, in_flight)
        for in_flight in (1, 200)
    }
    raws[0] = await raw(options.events, f"evbench{run}t", body, 200, topology=True)
    pipelines = {}
    for per_transaction in (1, options.batched):
        namespace = f"evbench{run}x{per_transaction}"
        try:
            pipelines[per_transaction] = await pipeline(
                options.events, options.producers, per_transaction, namespace
            )
        finally:
            await _delete_queues(namespace)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"events: {options.events}, producers: {options.producers}\n")
    print("raw aio-pika, persistent messages into a quorum queue, publisher confirms, consumed:")
    hows = {
        1: "each publish awaits its confirm",
        200: "200 in flight",
        0: "200 in flight, pipeline topology",
    }
    for in_flight, rate in raws.items():
        print(f"  {hows[in_flight]:33s} {rate:8.0f} events/s")
    print("pipeline, outbox insert → relay → RabbitMQ → consumer commit:")
    for per_transaction, rate in pipelines.items():
        ratios = "  ".join(f"{rate / r:.2f}" for r in raws.values())
        print(
            f"  {per_transaction:2d} event(s) per producing transaction {rate:8.0f} events/s"
            f"  ratio to raw (awaited, in flight, topology): {ratios}"
        )


if __name__ == "__main__":
    asyncio.run(main())
