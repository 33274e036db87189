"""Acknowledging a batch of RabbitMQ deliveries at once never settles one that is not done."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from lokal_kit.messaging.broker import Delivery, OutboundMessage, QueueSpec
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.testing.waiting import eventually

SPEC = QueueSpec(name="ledger.acks", routing_keys=("ledger.entry.recorded.v1",), retry_delays=())


async def _in_hand(
    broker: RabbitBroker, count: int
) -> tuple[list[Delivery], Callable[[], Awaitable[None]]]:
    """`count` deliveries held unsettled, and how to let the consumer go."""
    await broker.declare_queue(SPEC)
    outcomes = await broker.publish(
        [
            OutboundMessage(str(i), "ledger.entry.recorded.v1", b"{}", datetime.now(UTC))
            for i in range(count)
        ]
    )
    assert outcomes == [None] * count
    held: list[Delivery] = []
    release = asyncio.Event()

    async def hold(delivery: Delivery) -> None:
        held.append(delivery)
        await release.wait()

    consumption = await broker.consume(SPEC, hold, prefetch=count)
    await eventually(lambda: _async(len(held)), lambda n: n == count)

    async def let_go() -> None:
        release.set()
        await consumption.cancel()
        await consumption.close()

    return sorted(held, key=lambda d: d.message_id), let_go


async def _async(value: int) -> int:
    return value


async def test_a_batch_behind_an_unsettled_delivery_leaves_that_one_to_come_back(
    rabbit_brokers: Callable[[], Awaitable[RabbitBroker]],
) -> None:
    broker = await rabbit_brokers()
    held, let_go = await _in_hand(broker, 3)
    await broker.ack(held[1:])
    await let_go()
    # the broker returns an unsettled delivery once it has handled the closed channel, which
    # may be a moment after the close
    await eventually(lambda: broker.depth(SPEC.name), lambda depth: depth == 1)


async def test_a_batch_of_everything_in_hand_is_settled(
    rabbit_brokers: Callable[[], Awaitable[RabbitBroker]],
) -> None:
    broker = await rabbit_brokers()
    held, let_go = await _in_hand(broker, 3)
    await held[0].ack()
    await broker.ack(held[1:])
    await let_go()
    # an unsettled delivery is back as soon as its channel is closed
    assert await broker.depth(SPEC.name) == 0
