"""Consumers: each delivery handled in a transaction together with its inbox row."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from opentelemetry import propagate, trace
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_contracts import Envelope, IntegrationEvent
from lokal_kit.messaging.broker import Broker, Consumption, Delivery, QueueSpec
from lokal_kit.messaging.tables import MessagingTables
from lokal_kit.metrics import EVENT_LAG, EVENTS_CONSUMED
from lokal_kit.sqlfilters import one_of
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


@dataclass(frozen=True)
class _Readable:
    delivery: Delivery
    envelope: Envelope
    event: IntegrationEvent
    handler: Handler


class EventConsumer:
    """Handles deliveries in batches: what has arrived together commits together.

    Under load one transaction covers many events (inbox rows, versions and effects) and one
    acknowledgement settles them all, which is what lets a consumer keep pace with the broker.
    When any of them fails, the batch is rolled back and each event is handled alone, so that
    only the failing one is retried or parked.
    """

    def __init__(
        self,
        *,
        subscription: Subscription,
        uow_factory: Callable[[], UnitOfWork],
        tables: MessagingTables,
        broker: Broker,
        retry_delays: tuple[float, ...] = (1.0, 10.0, 60.0, 300.0),
        delivery_limit: int = 10,
        prefetch: int = 50,
        batch_size: int = 50,
    ) -> None:
        self.subscription = subscription
        self._uow_factory = uow_factory
        self._tables = tables
        self._broker = broker
        self._spec = subscription.queue_spec(
            retry_delays=retry_delays, delivery_limit=delivery_limit
        )
        self._prefetch = prefetch
        self._batch_size = batch_size
        self._handlers = {
            event.event_type: (event, h) for event, h in subscription.handlers.items()
        }
        self._consumption: Consumption | None = None
        self._waiting: asyncio.Queue[tuple[Delivery, asyncio.Future[None]]] = asyncio.Queue()
        self._batcher: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def attached(self) -> bool:
        return self._consumption is not None

    async def start(self) -> None:
        self._batcher = asyncio.create_task(
            self._batches(), name=f"consumer {self.subscription.name}"
        )
        self._consumption = await self._broker.consume(
            self._spec, self._submit, prefetch=self._prefetch
        )

    async def stop(self) -> None:
        """Take no more deliveries and wait for those in hand to be settled."""
        consumption, self._consumption = self._consumption, None
        if consumption is not None:
            await consumption.cancel()
        await self._idle.wait()
        if consumption is not None:
            await consumption.close()
        if self._batcher is not None:
            self._batcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._batcher

    async def _submit(self, delivery: Delivery) -> None:
        """The broker's callback; returns once the delivery is settled (its flow control)."""
        settled = asyncio.get_running_loop().create_future()
        self._idle.clear()
        self._waiting.put_nowait((delivery, settled))
        await settled

    async def _batches(self) -> None:
        while True:
            batch = [await self._waiting.get()]
            while len(batch) < self._batch_size and not self._waiting.empty():
                batch.append(self._waiting.get_nowait())
            try:
                await self.handle([delivery for delivery, _ in batch])
            except Exception:
                # an unsettled delivery comes back from the broker; nothing is lost
                log.exception("consumer %s could not settle a batch", self.subscription.name)
            finally:
                for _, settled in batch:
                    if not settled.done():
                        settled.set_result(None)
                if self._waiting.empty():
                    self._idle.set()

    async def handle(self, deliveries: list[Delivery]) -> None:
        readable = [r for d in deliveries if (r := await self._read(d)) is not None]
        if len(readable) == 1:
            await self._handle_alone(readable[0])
            return
        if not readable:
            return
        try:
            outcomes = await self._apply(readable)
        except Exception:
            for item in readable:
                await self._handle_alone(item)
            return
        await self._broker.ack([item.delivery for item in readable])
        for item, outcome in zip(readable, outcomes, strict=True):
            self._count(item.envelope, outcome)

    async def _read(self, delivery: Delivery) -> _Readable | None:
        try:
            envelope = Envelope.from_json(delivery.body)
            event_cls, handler = self._handlers[envelope.type]
            return _Readable(delivery, envelope, event_cls.model_validate(envelope.data), handler)
        except (ValidationError, KeyError) as exc:
            # a message nobody can read never gets better by retrying
            reason = f"unreadable or unexpected message: {type(exc).__name__}: {exc}"
            log.error(
                "parking message %s on %s: %s", delivery.message_id, self.subscription.name, reason
            )
            await delivery.park(reason[:500])
            EVENTS_CONSUMED.labels(self.subscription.name, "unknown", "parked").inc()
            return None

    async def _apply(self, items: list[_Readable]) -> list[str]:
        """Apply in one transaction; the outcome of each: applied, duplicate or stale."""
        async with self._uow_factory() as uow:
            fresh = await self._remember(uow.session, [item.envelope for item in items])
            new = []
            for item in items:
                if item.envelope.id in fresh:
                    fresh.discard(item.envelope.id)  # the same event twice in one batch
                    new.append(item)
            admitted = dict(
                zip(
                    (id(item) for item in new),
                    await self._admit(uow.session, [item.envelope for item in new]),
                    strict=True,
                )
            )
            outcomes = []
            for item in items:
                if id(item) not in admitted:
                    outcomes.append("duplicate")
                elif not admitted[id(item)]:
                    outcomes.append("stale")
                else:
                    with self._span(item.envelope):
                        await item.handler(item.event, item.envelope, uow)
                    outcomes.append("applied")
            await uow.commit()
        return outcomes

    async def _handle_alone(self, item: _Readable) -> None:
        try:
            (outcome,) = await self._apply([item])
        except Exception as exc:
            outcome = await self._fail(item.delivery, item.envelope, exc)
        else:
            await item.delivery.ack()
        self._count(item.envelope, outcome)

    def _span(self, envelope: Envelope) -> AbstractContextManager[trace.Span]:
        return tracer.start_as_current_span(
            f"consume {envelope.type}",
            context=propagate.extract({"traceparent": envelope.traceparent or ""}),
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "rabbitmq",
                "messaging.destination.name": self.subscription.name,
                "messaging.message.id": str(envelope.id),
                "lokal.event.type": envelope.type,
            },
        )

    def _statements(self, session: AsyncSession) -> _Statements:
        return _Statements.of(self._tables, session.get_bind().dialect.name)

    def _count(self, envelope: Envelope, outcome: str) -> None:
        name = self.subscription.name
        EVENTS_CONSUMED.labels(name, envelope.type, outcome).inc()
        EVENT_LAG.labels(name).observe(max(0.0, (utcnow() - envelope.time).total_seconds()))

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

    async def _remember(self, session: AsyncSession, envelopes: list[Envelope]) -> set[UUID]:
        """Insert the inbox rows; returns the ids this consumer had not seen before."""
        now = utcnow()
        rows = [
            {"consumer": self.subscription.name, "event_id": event_id, "received_at": now}
            for event_id in dict.fromkeys(envelope.id for envelope in envelopes)
        ]
        statement = self._statements(session).remember
        return set((await session.execute(statement, rows)).scalars())

    async def _admit(self, session: AsyncSession, envelopes: list[Envelope]) -> list[bool]:
        """Which events are not older than what was applied to their aggregate, in order.

        The stored versions are read (and locked) at once, decided on in delivery order, and
        advanced with one statement. Should another consumer have advanced one of them in
        between, a batch is given up (its events are then handled one by one) and a single
        event is stale.
        """
        if not envelopes:
            return []
        versions = self._tables.applied_versions
        name = self.subscription.name
        keys = {(_aggregate(e), e.subject) for e in envelopes}
        # by subject alone, one statement whatever the batch: another aggregate's row with the
        # same subject is locked along, this consumer's own, and left out below
        rows = await session.execute(
            select(versions.c.aggregate, versions.c.subject, versions.c.version)
            .where(
                versions.c.consumer == name,
                one_of(versions.c.subject, {subject for _, subject in keys}),
            )
            .with_for_update()
        )
        stored = {
            (row.aggregate, row.subject): row.version
            for row in rows
            if (row.aggregate, row.subject) in keys
        }
        latest = dict(stored)
        admitted = []
        for envelope in envelopes:
            key = (_aggregate(envelope), envelope.subject)
            # equal versions still apply: one change may announce several events
            if key in latest and latest[key] > envelope.aggregateversion:
                admitted.append(False)
            else:
                latest[key] = envelope.aggregateversion
                admitted.append(True)
        changed = {key: version for key, version in latest.items() if stored.get(key) != version}
        if changed:
            written = await session.execute(
                self._statements(session).advance,
                [
                    {"consumer": name, "aggregate": a, "subject": s, "version": v}
                    for (a, s), v in changed.items()
                ],
            )
            if {(row.aggregate, row.subject) for row in written} != set(changed):
                if len(envelopes) == 1:
                    return [False]
                raise _OvertakenError("another consumer applied a newer version meanwhile")
        return admitted


class _OvertakenError(Exception):
    pass


def _aggregate(envelope: Envelope) -> str:
    return envelope.type.rsplit(".", 2)[0]


@dataclass(frozen=True)
class _Statements:
    """Built once per dialect and run with many rows, so that SQLAlchemy compiles them once."""

    remember: Any
    advance: Any

    @classmethod
    @functools.cache
    def of(cls, tables: MessagingTables, dialect: str) -> _Statements:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        versions = tables.applied_versions
        upsert = insert(versions)
        return cls(
            remember=insert(tables.inbox)
            .on_conflict_do_nothing()
            .returning(tables.inbox.c.event_id),
            advance=upsert.on_conflict_do_update(
                index_elements=[versions.c.consumer, versions.c.aggregate, versions.c.subject],
                set_={"version": upsert.excluded.version},
                # equal versions still apply: one change may announce several events
                where=versions.c.version <= upsert.excluded.version,
            ).returning(versions.c.aggregate, versions.c.subject),
        )
