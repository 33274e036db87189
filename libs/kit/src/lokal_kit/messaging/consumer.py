"""Consumers: each delivery handled in one transaction together with its inbox row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from opentelemetry import propagate, trace
from pydantic import ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_contracts import Envelope, IntegrationEvent
from lokal_kit.messaging.broker import Broker, Consumption, Delivery, QueueSpec
from lokal_kit.messaging.tables import MessagingTables
from lokal_kit.metrics import EVENT_LAG, EVENTS_CONSUMED
from lokal_kit.sqltypes import utcnow
from lokal_kit.uow import UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer("lokal_kit.messaging")

Handler = Callable[[Any, Envelope, Any], Awaitable[None]]
"""`async def handle(event, envelope, uow)`: apply the event; the runner commits."""


@dataclass(frozen=True)
class Subscription:
    """A consumer's purpose: its queue name and the handler of each event it takes."""

    name: str
    handlers: Mapping[type[IntegrationEvent], Handler]

    def queue_spec(self, *, retry_delays: tuple[float, ...], delivery_limit: int) -> QueueSpec:
        return QueueSpec(
            name=self.name,
            routing_keys=tuple(sorted(event.event_type for event in self.handlers)),
            retry_delays=retry_delays,
            delivery_limit=delivery_limit,
        )


class EventConsumer:
    def __init__(
        self,
        *,
        subscription: Subscription,
        uow_factory: Callable[[], UnitOfWork],
        tables: MessagingTables,
        broker: Broker,
        retry_delays: tuple[float, ...] = (1.0, 10.0, 60.0, 300.0),
        delivery_limit: int = 10,
        prefetch: int = 20,
    ) -> None:
        self.subscription = subscription
        self._uow_factory = uow_factory
        self._tables = tables
        self._broker = broker
        self._spec = subscription.queue_spec(
            retry_delays=retry_delays, delivery_limit=delivery_limit
        )
        self._prefetch = prefetch
        self._handlers = {
            event.event_type: (event, h) for event, h in subscription.handlers.items()
        }
        self._consumption: Consumption | None = None
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def attached(self) -> bool:
        return self._consumption is not None

    async def start(self) -> None:
        self._consumption = await self._broker.consume(
            self._spec, self._tracked, prefetch=self._prefetch
        )

    async def stop(self) -> None:
        """Take no more deliveries and wait for those in hand to finish."""
        consumption, self._consumption = self._consumption, None
        if consumption is not None:
            await consumption.cancel()
        await self._idle.wait()
        if consumption is not None:
            await consumption.close()

    async def _tracked(self, delivery: Delivery) -> None:
        self._busy += 1
        self._idle.clear()
        try:
            await self.handle(delivery)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def handle(self, delivery: Delivery) -> None:
        name = self.subscription.name
        try:
            envelope = Envelope.from_json(delivery.body)
            event_cls, handler = self._handlers[envelope.type]
            event = event_cls.model_validate(envelope.data)
        except (ValidationError, KeyError) as exc:
            # a message nobody can read never gets better by retrying
            reason = f"unreadable or unexpected message: {type(exc).__name__}: {exc}"
            log.error("parking message %s on %s: %s", delivery.message_id, name, reason)
            await delivery.park(reason[:500])
            EVENTS_CONSUMED.labels(name, "unknown", "parked").inc()
            return

        parent = propagate.extract({"traceparent": envelope.traceparent or ""})
        with tracer.start_as_current_span(
            f"consume {envelope.type}",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "rabbitmq",
                "messaging.destination.name": name,
                "messaging.message.id": str(envelope.id),
                "lokal.event.type": envelope.type,
            },
        ):
            try:
                outcome = await self._apply(envelope, event, handler)
            except Exception as exc:
                outcome = await self._fail(delivery, envelope, exc)
            else:
                await delivery.ack()
        EVENTS_CONSUMED.labels(name, envelope.type, outcome).inc()
        EVENT_LAG.labels(name).observe(max(0.0, (utcnow() - envelope.time).total_seconds()))

    async def _apply(self, envelope: Envelope, event: IntegrationEvent, handler: Handler) -> str:
        async with self._uow_factory() as uow:
            if not await self._remember(uow.session, envelope):
                return "duplicate"
            if not await self._advance_version(uow.session, envelope):
                await uow.commit()
                return "stale"
            await handler(event, envelope, uow)
            await uow.commit()
        return "applied"

    async def _fail(self, delivery: Delivery, envelope: Envelope, exc: Exception) -> str:
        name = self.subscription.name
        error = f"{type(exc).__name__}: {exc}"[:500]
        delays = self._spec.retry_delays
        if delivery.attempt < len(delays):
            log.warning(
                "handling %s (%s) on %s failed, attempt %d; retrying in %ss",
                envelope.id,
                envelope.type,
                name,
                delivery.attempt + 1,
                delays[delivery.attempt],
                exc_info=exc,
            )
            await delivery.retry(delays[delivery.attempt], error)
            return "retried"
        log.error(
            "handling %s (%s) on %s failed %d times; parked",
            envelope.id,
            envelope.type,
            name,
            delivery.attempt + 1,
            exc_info=exc,
        )
        await delivery.park(error)
        return "parked"

    async def _remember(self, session: AsyncSession, envelope: Envelope) -> bool:
        """Insert the inbox row; False when this consumer has seen the event before."""
        inbox = self._tables.inbox
        statement = (
            _insert(session, inbox)
            .values(consumer=self.subscription.name, event_id=envelope.id, received_at=utcnow())
            .on_conflict_do_nothing()
            .returning(inbox.c.event_id)
        )
        return (await session.execute(statement)).first() is not None

    async def _advance_version(self, session: AsyncSession, envelope: Envelope) -> bool:
        """Record the aggregate version; False when a newer one was applied already."""
        versions = self._tables.applied_versions
        insert = _insert(session, versions).values(
            consumer=self.subscription.name,
            aggregate=envelope.type.rsplit(".", 2)[0],
            subject=envelope.subject,
            version=envelope.aggregateversion,
        )
        statement = insert.on_conflict_do_update(
            index_elements=[versions.c.consumer, versions.c.aggregate, versions.c.subject],
            set_={"version": insert.excluded.version},
            # equal versions still apply: one change may announce several events
            where=versions.c.version <= insert.excluded.version,
        ).returning(versions.c.version)
        return (await session.execute(statement)).first() is not None


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
