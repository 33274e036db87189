"""A service's background work: the outbox relay and its consumers, over one broker."""

from __future__ import annotations

import asyncio
import logging

from lokal_kit.messaging.broker import Broker
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.service import Service

log = logging.getLogger(__name__)


class Worker:
    """Starts and stops with the process; the broker's lifetime belongs to the caller."""

    def __init__(
        self,
        service: Service,
        broker: Broker,
        *,
        retry_delays: tuple[float, ...] = (1.0, 10.0, 60.0, 300.0),
        delivery_limit: int = 10,
        prefetch: int = 20,
        poll_interval: float = 0.5,
    ) -> None:
        self.service = service
        self.broker = broker
        self.relay = OutboxRelay(
            service=service.name,
            database=service.database,
            tables=service.tables,
            broker=broker,
            signal=service.signal,
            poll_interval=poll_interval,
        )
        self.consumers = [
            EventConsumer(
                subscription=subscription,
                uow_factory=service.uow_factory,
                tables=service.tables,
                broker=broker,
                retry_delays=retry_delays,
                delivery_limit=delivery_limit,
                prefetch=prefetch,
            )
            for subscription in service.subscriptions
        ]
        self._stop = asyncio.Event()
        self._relay_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        for consumer in self.consumers:
            await consumer.start()
        self._stop.clear()
        self._relay_task = asyncio.create_task(
            self.relay.run(self._stop), name=f"outbox relay {self.service.name}"
        )

    async def stop(self, grace: float) -> None:
        """Take no more deliveries, finish those in hand, flush the outbox, within `grace`."""
        try:
            async with asyncio.timeout(grace):
                await asyncio.gather(*(consumer.stop() for consumer in self.consumers))
                self._stop.set()
                if self._relay_task is not None:
                    await self._relay_task
                await self.relay.drain(timeout=grace)
        except TimeoutError:
            log.warning("%s worker did not finish within %ss", self.service.name, grace)
        finally:
            self._stop.set()
            if self._relay_task is not None and not self._relay_task.done():
                self._relay_task.cancel()

    async def check_consumers(self) -> None:
        detached = [c.subscription.name for c in self.consumers if not c.attached]
        if detached:
            raise RuntimeError(f"consumers not attached: {', '.join(detached)}")

    async def check_broker(self) -> None:
        if not self.broker.is_connected:
            raise ConnectionError("broker not connected")
