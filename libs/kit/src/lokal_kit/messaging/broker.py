"""What a broker offers the relay and the consumers, whichever broker it is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

ATTEMPT_HEADER = "x-lokal-attempt"
ERROR_HEADER = "x-lokal-error"


class BrokerUnavailable(ConnectionError):
    """The broker cannot be reached right now; nothing was published."""


@dataclass(frozen=True)
class OutboundMessage:
    message_id: str
    routing_key: str
    body: bytes
    timestamp: datetime
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueSpec:
    """One consumer's durable queue, the events bound to it, and its retry ladder."""

    name: str
    routing_keys: tuple[str, ...]
    retry_delays: tuple[float, ...] = (1.0, 10.0, 60.0, 300.0)
    delivery_limit: int = 10


@dataclass(frozen=True)
class ParkedMessage:
    message_id: str
    routing_key: str
    error: str
    attempts: int
    body: bytes


class Delivery(Protocol):
    @property
    def message_id(self) -> str: ...
    @property
    def body(self) -> bytes: ...
    @property
    def attempt(self) -> int:
        """How many times handling this message failed before."""

    async def ack(self) -> None: ...

    async def retry(self, delay: float, error: str) -> None:
        """Deliver again after `delay` seconds, counting one more attempt."""

    async def park(self, error: str) -> None:
        """Move to the parking lot, where an operator can inspect and replay it."""


DeliveryHandler = Callable[[Delivery], Awaitable[None]]


class Consumption(Protocol):
    async def cancel(self) -> None:
        """Stop taking new deliveries; deliveries in hand can still be settled."""

    async def close(self) -> None:
        """Release the consumer once the deliveries in hand are settled."""


class Broker(Protocol):
    async def start(self) -> None: ...
    async def close(self) -> None: ...
    @property
    def is_connected(self) -> bool: ...

    async def publish(self, messages: Sequence[OutboundMessage]) -> list[str | None]:
        """Publish and wait for the broker's confirm of each message.

        Returns per message None (confirmed) or why it was refused; raises
        BrokerUnavailable when the broker cannot be reached at all.
        """

    async def declare_queue(self, spec: QueueSpec) -> None:
        """Create the queue and its bindings, so that events reach it before anyone consumes."""

    async def consume(
        self, spec: QueueSpec, handler: DeliveryHandler, *, prefetch: int
    ) -> Consumption: ...

    async def ack(self, deliveries: Sequence[Delivery]) -> None:
        """Acknowledge deliveries one consumer handled together, in as few frames as is safe."""

    async def parked(self, queue: str, limit: int = 100) -> list[ParkedMessage]: ...

    async def replay_parked(self, queue: str, limit: int | None = None) -> int:
        """Move parked messages back to the work queue with a fresh attempt count."""
