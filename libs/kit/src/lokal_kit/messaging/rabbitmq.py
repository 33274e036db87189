"""RabbitMQ (aio-pika): one topic exchange, quorum work queues, delayed retries, a parking lot.

Topology, for a namespace `ns` and a consumer queue `q`:
- `ns.events`: the durable topic exchange every event is published to.
- `ns.events.log`: a stream bound to `#` that keeps every event for a while, so
  an event is never unroutable and integrators can read history.
- `ns.q`: quorum work queue; a message redelivered more than the delivery limit
  (a consumer that crashes on it) is dead-lettered to the parking lot.
- `ns.q.retry.<ms>ms`: one queue per retry delay; messages wait out the TTL and
  are dead-lettered back to `ns.q`.
- `ns.q.parked`: the parking lot, inspected and replayed by an operator.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, TypeVar, cast

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from aio_pika.exceptions import CONNECTION_EXCEPTIONS, DeliveryError, PublishError
from opentelemetry import context as otel_context
from opentelemetry import propagate

from lokal_contracts.envelope import CONTENT_TYPE
from lokal_kit.messaging.broker import (
    ATTEMPT_HEADER,
    ERROR_HEADER,
    BrokerUnavailable,
    Consumption,
    Delivery,
    DeliveryHandler,
    OutboundMessage,
    ParkedMessage,
    QueueSpec,
)
from lokal_kit.messaging.in_hand import InHand

log = logging.getLogger(__name__)
PUBLISH_TIMEOUT = 30.0
T = TypeVar("T")


class RabbitBroker:
    def __init__(
        self,
        url: str,
        *,
        namespace: str = "lokal",
        connection_name: str = "lokal",
        event_log_max_age: str = "7D",
        reconnect_interval: float = 2.0,
    ) -> None:
        self._url = url
        self._reconnect_interval = reconnect_interval
        self.namespace = namespace
        self._connection_name = connection_name
        self._event_log_max_age = event_log_max_age
        self._connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self.declared: set[str] = set()

    @property
    def exchange_name(self) -> str:
        return f"{self.namespace}.events"

    def queue_name(self, name: str) -> str:
        return f"{self.namespace}.{name}"

    @property
    def is_connected(self) -> bool:
        return self._connection is not None and self._connection.connected.is_set()

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self._url,
            client_properties={"connection_name": self._connection_name},
            reconnect_interval=self._reconnect_interval,
        )
        self._publish_channel = await self._connection.channel(
            publisher_confirms=True, on_return_raises=True
        )
        self._exchange = await self._publish_channel.declare_exchange(
            self.exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        log_queue = await self._declare(
            self._publish_channel,
            f"{self.exchange_name}.log",
            {
                "x-queue-type": "stream",
                "x-max-age": self._event_log_max_age,
                "x-stream-max-segment-size-bytes": 50_000_000,
            },
        )
        await log_queue.bind(self._exchange, routing_key="#")

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def publish(self, messages: Sequence[OutboundMessage]) -> list[str | None]:
        if not self.is_connected or self._exchange is None:
            raise BrokerUnavailable("not connected to RabbitMQ")
        exchange = self._exchange
        results = await asyncio.gather(
            *(
                _in_trace_of(
                    m,
                    exchange.publish(
                        _amqp_message(m.body, m.message_id, m.routing_key, m.headers, m.timestamp),
                        routing_key=m.routing_key,
                        mandatory=True,
                        timeout=PUBLISH_TIMEOUT,
                    ),
                )
                for m in messages
            ),
            return_exceptions=True,
        )
        outcomes: list[str | None] = []
        for result in results:
            if not isinstance(result, BaseException):
                outcomes.append(None)
            elif isinstance(result, PublishError):
                outcomes.append(f"unroutable: {result}")
            elif isinstance(result, DeliveryError):
                outcomes.append(f"refused by the broker: {result}")
            elif isinstance(result, (*CONNECTION_EXCEPTIONS, TimeoutError)):
                outcomes.append(f"connection lost: {type(result).__name__}")
            else:
                raise result
        if all(outcome and outcome.startswith("connection lost") for outcome in outcomes):
            raise BrokerUnavailable("connection to RabbitMQ lost while publishing")
        return outcomes

    async def declare_queue(self, spec: QueueSpec) -> None:
        channel = await self._channel()
        try:
            await self._declare_topology(channel, spec)
        finally:
            await channel.close()

    async def consume(
        self, spec: QueueSpec, handler: DeliveryHandler, *, prefetch: int
    ) -> Consumption:
        channel = await self._channel()
        await channel.set_qos(prefetch_count=prefetch)
        queue = await self._declare_topology(channel, spec)
        work = queue.name
        in_hand = InHand()

        async def on_message(message: AbstractIncomingMessage) -> None:
            in_hand.take(message)
            await handler(_RabbitDelivery(self, message, work, in_hand))

        tag = await queue.consume(on_message)
        return _RabbitConsumption(channel, queue, tag)

    async def ack(self, deliveries: Sequence[Delivery]) -> None:
        if deliveries:
            rabbit = [cast(_RabbitDelivery, delivery) for delivery in deliveries]
            await rabbit[0].in_hand.ack_all([delivery.message for delivery in rabbit])

    async def depth(self, queue: str) -> int:
        """Messages ready in a consumer's work queue (those in hand not counted)."""
        channel = await self._channel()
        try:
            declared = await channel.declare_queue(self.queue_name(queue), passive=True)
        finally:
            await channel.close()
        return int(declared.declaration_result.message_count or 0)

    async def parked(self, queue: str, limit: int = 100) -> list[ParkedMessage]:
        channel = await self._channel()
        try:
            parked = await channel.get_queue(f"{self.queue_name(queue)}.parked", ensure=True)
            taken: list[AbstractIncomingMessage] = []
            while len(taken) < limit and (message := await parked.get(no_ack=False, fail=False)):
                taken.append(message)
            result = [_parked(message) for message in taken]
            for message in taken:
                await message.nack(requeue=True)
            return result
        finally:
            await channel.close()

    async def replay_parked(self, queue: str, limit: int | None = None) -> int:
        channel = await self._channel(confirms=True)
        work = self.queue_name(queue)
        replayed = 0
        try:
            parked = await channel.get_queue(f"{work}.parked", ensure=True)
            while limit is None or replayed < limit:
                message = await parked.get(no_ack=False, fail=False)
                if message is None:
                    break
                headers = {
                    k: v
                    for k, v in (message.headers or {}).items()
                    if k not in (ATTEMPT_HEADER, ERROR_HEADER, "x-death", "x-delivery-count")
                }
                await channel.default_exchange.publish(
                    _copy(message, headers), routing_key=work, timeout=PUBLISH_TIMEOUT
                )
                await message.ack()
                replayed += 1
        finally:
            await channel.close()
        return replayed

    async def resend(
        self, message: AbstractIncomingMessage, queue: str, headers: Mapping[str, Any]
    ) -> None:
        """Publish a copy of `message` straight to `queue`, with confirm."""
        if self._publish_channel is None:
            raise BrokerUnavailable("not connected to RabbitMQ")
        await self._publish_channel.default_exchange.publish(
            _copy(message, headers), routing_key=queue, mandatory=True, timeout=PUBLISH_TIMEOUT
        )

    async def _channel(self, *, confirms: bool = False) -> AbstractChannel:
        if self._connection is None:
            raise BrokerUnavailable("broker not started")
        return await self._connection.channel(publisher_confirms=confirms)

    async def _declare_topology(self, channel: AbstractChannel, spec: QueueSpec) -> AbstractQueue:
        work = self.queue_name(spec.name)
        parked = f"{work}.parked"
        # classic, so that a broker-wide default delivery limit never drops a parked message
        await self._declare(channel, parked, {"x-queue-type": "classic"})
        for delay in spec.retry_delays:
            await self._declare(
                channel,
                _retry_queue(work, delay),
                {
                    "x-queue-type": "quorum",
                    "x-message-ttl": int(delay * 1000),
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": work,
                },
            )
        queue = await self._declare(
            channel,
            work,
            {
                "x-queue-type": "quorum",
                "x-delivery-limit": spec.delivery_limit,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": parked,
            },
        )
        exchange = await channel.declare_exchange(
            self.exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        for routing_key in spec.routing_keys:
            await queue.bind(exchange, routing_key=routing_key)
        return queue

    async def _declare(
        self, channel: AbstractChannel, name: str, arguments: dict[str, Any]
    ) -> AbstractQueue:
        queue = await channel.declare_queue(name, durable=True, arguments=arguments)
        self.declared.add(name)
        return queue


class _RabbitDelivery:
    def __init__(
        self, broker: RabbitBroker, message: AbstractIncomingMessage, work: str, in_hand: InHand
    ) -> None:
        self._broker = broker
        self.message = message
        self._work = work
        self.in_hand = in_hand

    @property
    def message_id(self) -> str:
        return self.message.message_id or ""

    @property
    def body(self) -> bytes:
        return self.message.body

    @property
    def attempt(self) -> int:
        value = (self.message.headers or {}).get(ATTEMPT_HEADER, 0)
        return int(value) if isinstance(value, (int, str)) else 0

    async def ack(self) -> None:
        await self.in_hand.ack(self.message)

    async def retry(self, delay: float, error: str) -> None:
        headers = {
            **(self.message.headers or {}),
            ATTEMPT_HEADER: self.attempt + 1,
            ERROR_HEADER: error,
        }
        await self._broker.resend(self.message, _retry_queue(self._work, delay), headers)
        await self.in_hand.ack(self.message)

    async def park(self, error: str) -> None:
        headers = {
            **(self.message.headers or {}),
            ATTEMPT_HEADER: self.attempt + 1,
            ERROR_HEADER: error,
        }
        await self._broker.resend(self.message, f"{self._work}.parked", headers)
        await self.in_hand.ack(self.message)


class _RabbitConsumption:
    def __init__(self, channel: AbstractChannel, queue: AbstractQueue, tag: str) -> None:
        self._channel = channel
        self._queue = queue
        self._tag = tag

    async def cancel(self) -> None:
        try:
            await self._queue.cancel(self._tag)
        except CONNECTION_EXCEPTIONS:
            log.warning("could not cancel consumer %s cleanly", self._tag)

    async def close(self) -> None:
        if not self._channel.is_closed:
            await self._channel.close()


async def _in_trace_of(message: OutboundMessage, publish: Awaitable[T]) -> T:
    """Publish within the trace the message's headers name (the request that wrote the event)."""
    token = otel_context.attach(propagate.extract(dict(message.headers)))
    try:
        return await publish
    finally:
        otel_context.detach(token)


def _retry_queue(work: str, delay: float) -> str:
    return f"{work}.retry.{int(delay * 1000)}ms"


def _amqp_message(
    body: bytes,
    message_id: str,
    event_type: str,
    headers: Mapping[str, Any],
    timestamp: Any,
) -> aio_pika.Message:
    return aio_pika.Message(
        body,
        message_id=message_id,
        type=event_type,
        content_type=CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        timestamp=timestamp,
        headers=dict(headers),
    )


def _copy(message: AbstractIncomingMessage, headers: Mapping[str, Any]) -> aio_pika.Message:
    return _amqp_message(
        message.body, message.message_id or "", message.type or "", headers, message.timestamp
    )


def _parked(message: AbstractIncomingMessage) -> ParkedMessage:
    headers = message.headers or {}
    attempts = headers.get(ATTEMPT_HEADER, 0)
    return ParkedMessage(
        message_id=message.message_id or "",
        routing_key=message.type or "",
        error=str(headers.get(ERROR_HEADER, "exceeded the delivery limit")),
        attempts=int(attempts) if isinstance(attempts, (int, str)) else 0,
        body=message.body,
    )
