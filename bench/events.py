"""Event backbone throughput: the whole pipeline against raw aio-pika, in the same run.

    uv run python bench/events.py [--events 10000] [--producers 16] [--latency-samples 30]

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
- latency: one event at a time, from its commit to its effect's commit in the consumer, with
  the relay polling every 0.5 s as a worker does: once woken by the commit (LISTEN/NOTIFY,
  as a worker is), once polling only.
- stages: producing, relaying and consuming each alone, on the backlog the stage before left,
  with the CPU the whole machine spent on each (our processes, PostgreSQL and RabbitMQ). Their
  sum per event bounds any pipeline on this machine: overlapping the stages perfectly, it can
  go no faster than the cores divided by that sum.

Every run reports the machine's CPU time per event and how busy its cores were.

Uses the PostgreSQL and RabbitMQ the tests use (LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL,
else the local defaults); creates and drops its own database and queues.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path

import aio_pika
import asyncpg
import psutil

sys.path.insert(0, str(Path(__file__).parents[1] / "libs" / "kit" / "tests"))

import ledger_service
from sqlalchemy import func, select

from lokal_kit.db import Database
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.messaging.wakeup import OutboxWakeup
from lokal_kit.migrations import upgrade
from lokal_kit.testing.servers import sqlalchemy_url

POSTGRES = os.environ.get(
    "LOKAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
AMQP = os.environ.get("LOKAL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SUBSCRIPTION = ledger_service.effects_subscription("bench.effects")
RETRIES = (1.0,)
CORES = psutil.cpu_count() or 1


@dataclass
class Run:
    """A timed run: its rate, and the machine's CPU per event and share of busy cores."""

    events: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    @property
    def cpu_per_event_ms(self) -> float:
        return self.cpu_seconds / self.events * 1000

    @property
    def busy(self) -> float:
        return self.cpu_seconds / (self.seconds * CORES)


@contextmanager
def timed(events: int) -> Iterator[Run]:
    """Wall time and the CPU time of every process on the machine, ours or not, while it runs."""
    run = Run(events)
    started, cpu = time.perf_counter(), _machine_cpu()
    yield run
    run.seconds = time.perf_counter() - started
    run.cpu_seconds = _machine_cpu() - cpu


def _machine_cpu() -> float:
    times = psutil.cpu_times()
    return float(times.user + times.nice + times.system + times.irq + times.softirq)


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


async def _relay(url: str, namespace: str, listen: bool, ready: Event, stop: Event) -> None:
    """As a worker relays: polling every 0.5 s, and woken by commits when it `listen`s."""
    database = Database(url)
    broker = RabbitBroker(AMQP, namespace=namespace)
    await broker.start()
    signal = OutboxSignal()
    relay = OutboxRelay(
        service="bench",
        database=database,
        tables=ledger_service.tables,
        broker=broker,
        signal=signal,
        poll_interval=0.5,
    )
    stopping = asyncio.Event()
    running = [asyncio.create_task(relay.run(stopping))]
    if listen:
        wakeup = OutboxWakeup(database, signal)
        running.append(asyncio.create_task(wakeup.run(stopping)))
        await wakeup.listening.wait()
    ready.set()
    await asyncio.to_thread(stop.wait)
    stopping.set()
    await asyncio.gather(*running)
    await broker.close()
    await database.dispose()


async def _consume(url: str, namespace: str, ready: Event, stop: Event) -> None:
    database = Database(url)
    broker = RabbitBroker(AMQP, namespace=namespace)
    await broker.start()
    consumer = _consumer(database, broker)
    await consumer.start()
    ready.set()
    await asyncio.to_thread(stop.wait)
    await consumer.stop()
    await broker.close()
    await database.dispose()


@asynccontextmanager
async def ledger_database(namespace: str, *, pool_size: int = 5) -> AsyncIterator[Database]:
    """A migrated ledger database of the run's own, dropped afterwards."""
    name = f"lokal_bench_{namespace}"
    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'CREATE DATABASE "{name}"')
    database = Database(sqlalchemy_url(POSTGRES, name), pool_size=pool_size)
    try:
        await upgrade(database, ledger_service.MIGRATIONS)
        yield database
    finally:
        await database.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def relaying_and_consuming(
    database: Database, namespace: str, *, listen: bool
) -> AsyncIterator[None]:
    """A relay's process and a consumer's, ready, until the block ends."""
    url = database.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    stop, relay_ready, consumer_ready = spawn.Event(), spawn.Event(), spawn.Event()
    workers = [
        spawn.Process(target=_run, args=(_relay, url, namespace, listen, relay_ready, stop)),
        spawn.Process(target=_run, args=(_consume, url, namespace, consumer_ready, stop)),
    ]
    for worker in workers:
        worker.start()
    try:
        await asyncio.to_thread(relay_ready.wait, 60)
        await asyncio.to_thread(consumer_ready.wait, 60)
        yield
    finally:
        stop.set()
        for worker in workers:
            worker.join(60)


def _consumer(database: Database, broker: RabbitBroker) -> EventConsumer:
    """The benchmark's consumer: a prefetch and batches large enough to keep up."""
    return EventConsumer(
        subscription=SUBSCRIPTION,
        uow_factory=ledger_service.unit_of_work(database),
        tables=ledger_service.tables,
        broker=broker,
        retry_delays=RETRIES,
        prefetch=200,
        batch_size=100,
    )


async def pipeline(events: int, producers: int, per_transaction: int, namespace: str) -> Run:
    total = events // producers * producers
    spawn = multiprocessing.get_context("spawn")
    go = spawn.Event()
    async with (
        ledger_database(namespace) as database,
        relaying_and_consuming(database, namespace, listen=True),
    ):
        url = database.url.render_as_string(hide_password=False)
        producing = spawn.Process(
            target=_run, args=(_produce, url, events, producers, per_transaction, go)
        )
        producing.start()
        try:
            with timed(total) as run:
                go.set()
                await _all_applied(database, total)
        finally:
            go.set()
            producing.join(60)
        await _check_applied_once(database, total)
    return run


async def latency(samples: int, namespace: str, *, listen: bool) -> list[float]:
    """Seconds from an event's commit here to its effect's commit in the consumer's process.

    One event at a time, at random moments, so that they fall anywhere in the relay's poll.
    """
    delays = []
    async with (
        ledger_database(namespace) as database,
        relaying_and_consuming(database, namespace, listen=listen),
    ):
        uow_factory = ledger_service.unit_of_work(database)
        for applied in range(1, samples + 1):
            await asyncio.sleep(random.uniform(0, 0.5))
            started = time.perf_counter()
            await ledger_service.record_entries(uow_factory, 1)
            await _all_applied(database, applied, interval=0.002)
            delays.append(time.perf_counter() - started)
    return delays


async def _all_applied(database: Database, total: int, *, interval: float = 0.02) -> None:
    """Waits for `total` effects: the highest id first, as counting each time would scan them."""
    effects = ledger_service.effects
    while True:
        async with database.session() as session:
            highest = await session.scalar(select(func.max(effects.c.id))) or 0
            # ids of rolled-back batches are skipped, so the highest id only hints
            if (
                highest >= total
                and (await session.scalar(select(func.count()).select_from(effects)) or 0) >= total
            ):
                return
        await asyncio.sleep(interval)


async def _check_applied_once(database: Database, total: int) -> None:
    counts = await ledger_service.effect_counts(database)
    assert len(counts) == total, "every event applied"
    assert set(counts.values()) == {1}, "no event applied twice"


# --- each stage alone -----------------------------------------------------------------------


async def stages(
    events: int, producers: int, per_transaction: int, namespace: str
) -> dict[str, Run]:
    """Produce, relay and consume one after another, each on the backlog the one before left."""
    total = events // producers * producers
    broker = RabbitBroker(AMQP, namespace=namespace)
    async with ledger_database(namespace, pool_size=producers) as database:
        uow_factory = ledger_service.unit_of_work(database)
        relay = OutboxRelay(
            service="bench", database=database, tables=ledger_service.tables, broker=broker
        )
        consumer = _consumer(database, broker)
        await broker.start()
        try:
            await broker.declare_queue(
                SUBSCRIPTION.queue_spec(retry_delays=RETRIES, delivery_limit=10)
            )
            with timed(total) as produced:
                await asyncio.gather(
                    *(
                        ledger_service.record_entries(
                            uow_factory, total // producers, per_transaction=per_transaction
                        )
                        for _ in range(producers)
                    )
                )
            with timed(total) as relayed:
                while await relay.relay_once():
                    pass
            with timed(total) as consumed:
                await consumer.start()
                await _all_applied(database, total)
            await consumer.stop()
            await _check_applied_once(database, total)
        finally:
            await broker.close()
    return {"produce": produced, "relay": relayed, "consume": consumed}


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
) -> Run:
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
    with timed(events) as run:
        go.set()
        await asyncio.to_thread(done.wait)
    for worker in workers:
        worker.join(60)
    return run


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
    parser.add_argument(
        "--latency-samples", type=int, default=30, help="events sent one at a time for latency"
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
    delays = {}
    for listen in (True, False):
        namespace = f"evbench{run}l{int(listen)}"
        try:
            delays[listen] = await latency(options.latency_samples, namespace, listen=listen)
        finally:
            await _delete_queues(namespace)
    pipelines: dict[int, Run] = {}
    alone: dict[int, dict[str, Run]] = {}
    for per_transaction in (1, options.batched):
        namespace = f"evbench{run}p{per_transaction}"
        try:
            pipelines[per_transaction] = await pipeline(
                options.events, options.producers, per_transaction, namespace
            )
        finally:
            await _delete_queues(namespace)
        namespace = f"evbench{run}s{per_transaction}"
        try:
            alone[per_transaction] = await stages(
                options.events, options.producers, per_transaction, namespace
            )
        finally:
            await _delete_queues(namespace)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"events: {options.events}, producers: {options.producers}")
    print("CPU: of the whole machine (our processes, PostgreSQL, RabbitMQ) per event\n")
    print("raw aio-pika, persistent messages into a quorum queue, publisher confirms, consumed:")
    hows = {
        1: "each publish awaits its confirm",
        200: "200 in flight",
        0: "200 in flight, pipeline topology",
    }
    for in_flight, measured in raws.items():
        print(f"  {hows[in_flight]:38s} {_figures(measured)}")
    print("pipeline, outbox insert → relay → RabbitMQ → consumer commit:")
    print("  (ratios to raw: awaited, in flight, in flight through the pipeline topology)")
    for per_transaction, measured in pipelines.items():
        print(
            f"  {per_transaction:2d} event(s) per producing transaction  {_figures(measured)}"
            f"  ratios {_ratios(measured.rate, raws)}"
        )
    print(
        f"latency, one event at a time, commit → effect committed in the consumer's process"
        f" ({options.latency_samples} events; the relay polls every 0.5 s):"
    )
    hows = {True: "relay woken by the commit (LISTEN)", False: "relay polling only"}
    for listen, measured in delays.items():
        print(f"  {hows[listen]:38s} {_delays(measured)}")
    for per_transaction, runs in alone.items():
        print(f"each stage alone, {per_transaction} event(s) per producing transaction:")
        for stage, measured in runs.items():
            print(f"  {stage:38s} {_figures(measured)}")
        cpu = sum(measured.cpu_per_event_ms for measured in runs.values())
        bound = CORES / cpu * 1000
        print(
            f"  together {cpu:.2f} ms CPU per event: overlapped perfectly on {CORES} cores,"
            f" at most {bound:.0f} events/s, ratios {_ratios(bound, raws)}"
        )


def _delays(delays: list[float]) -> str:
    p50, p95 = (statistics.quantiles(delays, n=20, method="inclusive")[i] * 1000 for i in (9, 18))
    return f"p50 {p50:5.1f} ms  p95 {p95:5.1f} ms  max {max(delays) * 1000:5.1f} ms"


def _figures(run: Run) -> str:
    return (
        f"{run.rate:6.0f} events/s  CPU {run.cpu_per_event_ms:.2f} ms/event,"
        f" cores {run.busy:4.0%} busy"
    )


def _ratios(rate: float, raws: dict[int, Run]) -> str:
    return "  ".join(f"{rate / r.rate:.2f}" for r in raws.values())


if __name__ == "__main__":
    asyncio.run(main())
