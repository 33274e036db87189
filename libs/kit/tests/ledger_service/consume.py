"""A consumer process for tests that kill it: `python -m ledger_service.consume ...`."""

from __future__ import annotations

import argparse
import asyncio

import ledger_service
from lokal_kit.db import Database
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.rabbitmq import RabbitBroker

# the test declares the same queues, so that it can delete them afterwards
RETRY_DELAYS = (1.0,)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--amqp", required=True)
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()
    database = Database(options.database)
    broker = RabbitBroker(options.amqp, namespace=options.namespace)
    await broker.start()
    consumer = EventConsumer(
        subscription=ledger_service.effects_subscription(options.name, delay=options.delay),
        uow_factory=ledger_service.unit_of_work(database),
        tables=ledger_service.tables,
        broker=broker,
        retry_delays=RETRY_DELAYS,
        prefetch=10,
    )
    await consumer.start()
    print("consuming", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
