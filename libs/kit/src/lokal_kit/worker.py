"""A service's background work: the outbox relay and its consumers, over one broker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol, runtime_checkable

from sqlalchemy import func, select

from lokal_kit.messaging.broker import Broker, BrokerUnavailable
from lokal_kit.messaging.consumer import EventConsumer
from lokal_kit.messaging.relay import OutboxRelay
from lokal_kit.messaging.wakeup import OutboxWakeup
from lokal_kit.metrics import CONSUMER_QUEUE_DEPTH, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, watch_pool
from lokal_kit.service import Service
from lokal_kit.sqltypes import utcnow

log = logging.getLogger(__name__)


@runtime_checkable
class QueueDepth(Protocol):
    async def depth(self, queue: str) -> int:
        """Messages waiting in a consumer's work queue."""


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
        observe_interval: float = 10.0,
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
        # the API writes events in another process: its commits wake this relay
        self.wakeup = OutboxWakeup(service.database, service.signal)
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
        self._observe_interval = observe_interval
        self._stop = asyncio.Event()
        self._relay_task: asyncio.Task[None] | None = None
        self._wakeup_task: asyncio.Task[None] | None = None
        self._observe_task: asyncio.Task[None] | None = None
        watch_pool(service.name, service.database)

    async def start(self) -> None:
        for consumer in self.consumers:
            await consumer.start()
        self._stop.clear()
        self._wakeup_task = asyncio.create_task(
            self.wakeup.run(self._stop), name=f"outbox wakeup {self.service.name}"
        )
        self._relay_task = asyncio.create_task(
            self.relay.run(self._stop), name=f"outbox relay {self.service.name}"
        )
        self._observe_task = asyncio.create_task(
            self._observe(), name=f"observe {self.service.name}"
        )

    async def stop(self, grace: float) -> None:
        """Take no more deliveries, finish those in hand, flush the outbox, within `grace`."""
        if self._observe_task is not None:
            self._observe_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._observe_task
        try:
            async with asyncio.timeout(grace):
                await asyncio.gather(*(consumer.stop() for consumer in self.consumers))
                self._stop.set()
                if self._relay_task is not None:
                    await self._relay_task
                flushed = await self.relay.drain(timeout=grace)
                log.info("%s worker stopped; %d event(s) flushed", self.service.name, flushed)
        except TimeoutError:
            log.warning("%s worker did not finish within %ss", self.service.name, grace)
        except BrokerUnavailable:
            log.warning("broker unavailable; pending events stay in the outbox for the next relay")
        finally:
            self._stop.set()
            if self._relay_task is not None and not self._relay_task.done():
                self._relay_task.cancel()
            if self._wakeup_task is not None:
                # once stopped it returns at once and its connection goes back to the pool;
                # still connecting to a database that does not answer, it is cancelled
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(self._wakeup_task, 1.0)

    async def check_consumers(self) -> None:
        detached = [c.subscription.name for c in self.consumers if not c.attached]
        if detached:
            raise RuntimeError(f"consumers not attached: {', '.join(detached)}")

    async def check_broker(self) -> None:
        if not self.broker.is_connected:
            raise ConnectionError("broker not connected")

    async def observe(self) -> None:
        """Refresh the gauges a dashboard needs: outbox backlog and age, queue depths."""
        outbox = self.service.tables.outbox
        async with self.service.database.session() as session:
            backlog, oldest = (
                await session.execute(
                    select(func.count(), func.min(outbox.c.created_at)).where(
                        outbox.c.published_at.is_(None)
                    )
                )
            ).one()
        OUTBOX_BACKLOG.labels(self.service.name).set(backlog)
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        OUTBOX_OLDEST_AGE.labels(self.service.name).set(max(0.0, age))
        if isinstance(self.broker, QueueDepth) and self.broker.is_connected:
            for consumer in self.consumers:
                name = consumer.subscription.name
                CONSUMER_QUEUE_DEPTH.labels(name).set(await self.broker.depth(name))

    async def _observe(self) -> None:
        while True:
            try:
                await self.observe()
            except Exception as exc:
                # a dashboard gap is no reason to stop the worker; the next round tries again
                log.warning("could not refresh the worker's gauges: %s", exc)
            await asyncio.sleep(self._observe_interval)
