"""The embedded mode's broker: RabbitMQ's contract in one process, kept in a SQLite file.

Messages are routed by topic binding into per-consumer queues, delivered at
least once (a delivery in hand when the process dies is delivered again after
a restart), retried after the consumer's delays and parked after the last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    func,
    select,
    update,
)

from lokal_kit.db import Database
from lokal_kit.messaging.broker import (
    Consumption,
    Delivery,
    DeliveryHandler,
    OutboundMessage,
    ParkedMessage,
    QueueSpec,
)
from lokal_kit.sqltypes import AutoIncrementId, UtcDateTime, new_metadata, utcnow

log = logging.getLogger(__name__)

READY, IN_HAND, PARKED = "ready", "in_hand", "parked"

_metadata = new_metadata()
_bindings = Table(
    "broker_bindings",
    _metadata,
    Column("queue", String(200), nullable=False),
    Column("routing_key", String(200), nullable=False),
    PrimaryKeyConstraint("queue", "routing_key"),
)
_messages = Table(
    "broker_messages",
    _metadata,
    Column("id", AutoIncrementId, primary_key=True, autoincrement=True),
    Column("queue", String(200), nullable=False),
    Column("message_id", String(100), nullable=False),
    Column("routing_key", String(200), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("state", String(10), nullable=False),
    Column("attempt", Integer, nullable=False, default=0),
    Column("deliveries", Integer, nullable=False, default=0),
    Column("available_at", UtcDateTime, nullable=False),
    Column("error", String(500), nullable=True),
)
Index("ix_broker_messages_due", _messages.c.queue, _messages.c.state, _messages.c.id)


@lru_cache(maxsize=4096)
def topic_matches(binding: str, routing_key: str) -> bool:
    """AMQP topic semantics: `*` is exactly one word, `#` zero or more."""
    return _match(tuple(binding.split(".")), tuple(routing_key.split(".")))


def _match(pattern: tuple[str, ...], words: tuple[str, ...]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    return bool(words) and head in ("*", words[0]) and _match(rest, words[1:])


class InProcessBroker:
    def __init__(self, url: str = "sqlite+aiosqlite://", *, namespace: str = "lokal") -> None:
        self._database = Database(url)
        self._namespace = namespace
        self._bindings: dict[str, set[str]] = {}
        self._wakeups: dict[str, asyncio.Event] = {}
        self._started = False

    @property
    def is_connected(self) -> bool:
        return self._started

    def queue_name(self, name: str) -> str:
        return f"{self._namespace}.{name}"

    async def start(self) -> None:
        async with self._database.engine.begin() as connection:
            await connection.run_sync(_metadata.create_all)
            # deliveries in hand when the process stopped are due again
            await connection.execute(
                update(_messages).where(_messages.c.state == IN_HAND).values(state=READY)
            )
            rows = (await connection.execute(select(_bindings))).all()
        for row in rows:
            self._bindings.setdefault(row.queue, set()).add(row.routing_key)
        self._started = True

    async def close(self) -> None:
        self._started = False
        await self._database.dispose()

    async def publish(self, messages: Sequence[OutboundMessage]) -> list[str | None]:
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {
                "queue": queue,
                "message_id": m.message_id,
                "routing_key": m.routing_key,
                "body": m.body,
                "state": READY,
                "attempt": 0,
                "deliveries": 0,
                "available_at": now,
            }
            for m in messages
            for queue, keys in self._bindings.items()
            if any(topic_matches(key, m.routing_key) for key in keys)
        ]
        if rows:
            async with self._database.session() as session, session.begin():
                await session.execute(_messages.insert(), rows)
            for queue in {row["queue"] for row in rows}:
                self._wake(queue)
        return [None] * len(messages)

    async def consume(
        self, spec: QueueSpec, handler: DeliveryHandler, *, prefetch: int
    ) -> Consumption:
        await self.declare_queue(spec)
        return _Consumer(self, self.queue_name(spec.name), spec, handler, prefetch)

    async def ack(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            await delivery.ack()

    async def declare_queue(self, spec: QueueSpec) -> None:
        queue = self.queue_name(spec.name)
        async with self._database.session() as session, session.begin():
            await session.execute(delete(_bindings).where(_bindings.c.queue == queue))
            if spec.routing_keys:
                await session.execute(
                    _bindings.insert(),
                    [{"queue": queue, "routing_key": k} for k in spec.routing_keys],
                )
        self._bindings[queue] = set(spec.routing_keys)

    async def parked(self, queue: str, limit: int = 100) -> list[ParkedMessage]:
        async with self._database.session() as session:
            rows = (
                await session.execute(
                    select(_messages)
                    .where(_messages.c.queue == self.queue_name(queue), _messages.c.state == PARKED)
                    .order_by(_messages.c.id)
                    .limit(limit)
                )
            ).all()
        return [
            ParkedMessage(
                message_id=row.message_id,
                routing_key=row.routing_key,
                error=row.error or "exceeded the delivery limit",
                attempts=row.attempt,
                body=row.body,
            )
            for row in rows
        ]

    async def replay_parked(self, queue: str, limit: int | None = None) -> int:
        name = self.queue_name(queue)
        async with self._database.session() as session, session.begin():
            chosen = (
                select(_messages.c.id)
                .where(_messages.c.queue == name, _messages.c.state == PARKED)
                .order_by(_messages.c.id)
            )
            if limit is not None:
                chosen = chosen.limit(limit)
            result = await session.execute(
                update(_messages)
                .where(_messages.c.id.in_(chosen.scalar_subquery()))
                .values(state=READY, attempt=0, deliveries=0, error=None, available_at=utcnow())
            )
        self._wake(name)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def unsettled(self) -> int:
        """Messages not yet settled in any queue, parked ones excluded."""
        async with self._database.session() as session:
            count = await session.scalar(
                select(func.count()).select_from(_messages).where(_messages.c.state != PARKED)
            )
        return int(count or 0)

    def _wake(self, queue: str) -> None:
        self._wakeups.setdefault(queue, asyncio.Event()).set()

    async def _claim(self, queue: str, spec: QueueSpec, limit: int) -> list[_InProcessDelivery]:
        now = utcnow()
        async with self._database.session() as session, session.begin():
            rows = (
                await session.execute(
                    select(_messages)
                    .where(
                        _messages.c.queue == queue,
                        _messages.c.state == READY,
                        _messages.c.available_at <= now,
                    )
                    .order_by(_messages.c.id)
                    .limit(limit)
                )
            ).all()
            if not rows:
                return []
            await session.execute(
                update(_messages)
                .where(_messages.c.id.in_([row.id for row in rows]))
                .values(state=IN_HAND, deliveries=_messages.c.deliveries + 1)
            )
        claimed = []
        for row in rows:
            delivery = _InProcessDelivery(
                self, row.id, row.message_id, row.body, row.attempt, queue
            )
            if row.deliveries >= spec.delivery_limit:
                # delivered this often without being settled: the handler crashes the process
                await delivery.park("exceeded the delivery limit")
            else:
                claimed.append(delivery)
        return claimed

    async def _next_due_in(self, queue: str) -> float | None:
        async with self._database.session() as session:
            due = await session.scalar(
                select(func.min(_messages.c.available_at)).where(
                    _messages.c.queue == queue, _messages.c.state == READY
                )
            )
        return None if due is None else max(0.0, (due - utcnow()).total_seconds())

    async def _settle(self, row_id: int, **values: object) -> None:
        async with self._database.session() as session, session.begin():
            if values:
                await session.execute(
                    update(_messages).where(_messages.c.id == row_id).values(**values)
                )
            else:
                await session.execute(delete(_messages).where(_messages.c.id == row_id))


class _InProcessDelivery:
    def __init__(
        self,
        broker: InProcessBroker,
        row_id: int,
        message_id: str,
        body: bytes,
        attempt: int,
        queue: str,
    ) -> None:
        self._broker = broker
        self._row_id = row_id
        self.message_id = message_id
        self.body = body
        self.attempt = attempt
        self._queue = queue

    async def ack(self) -> None:
        await self._broker._settle(self._row_id)

    async def retry(self, delay: float, error: str) -> None:
        await self._broker._settle(
            self._row_id,
            state=READY,
            attempt=self.attempt + 1,
            deliveries=0,
            error=error[:500],
            available_at=utcnow() + timedelta(seconds=delay),
        )
        self._broker._wake(self._queue)

    async def park(self, error: str) -> None:
        await self._broker._settle(
            self._row_id, state=PARKED, attempt=self.attempt + 1, error=error[:500]
        )


class _Consumer:
    def __init__(
        self,
        broker: InProcessBroker,
        queue: str,
        spec: QueueSpec,
        handler: DeliveryHandler,
        prefetch: int,
    ) -> None:
        self._broker = broker
        self._queue = queue
        self._spec = spec
        self._handler = handler
        self._prefetch = prefetch
        self._in_hand: set[asyncio.Task[None]] = set()
        self._wakeup = broker._wakeups.setdefault(queue, asyncio.Event())
        self._wakeup.set()
        self._loop = asyncio.create_task(self._run(), name=f"consume {queue}")

    async def _run(self) -> None:
        while True:
            # cleared before looking, so a publish during the look is not missed
            self._wakeup.clear()
            timeout = 1.0
            try:
                free = self._prefetch - len(self._in_hand)
                if free > 0:
                    claimed = await self._broker._claim(self._queue, self._spec, free)
                    for delivery in claimed:
                        task = asyncio.create_task(self._deliver(delivery))
                        self._in_hand.add(task)
                        task.add_done_callback(self._done)
                    if len(claimed) == free:
                        continue
                    due = await self._broker._next_due_in(self._queue)
                    if due is not None:
                        timeout = min(timeout, due)
            except Exception:
                log.exception("in-process consumer of %s failed; continuing", self._queue)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout)

    async def _deliver(self, delivery: _InProcessDelivery) -> None:
        try:
            await self._handler(delivery)
        except Exception:
            log.exception(
                "delivery %s on %s was not settled; due again", delivery.message_id, self._queue
            )
            await delivery.retry(1.0, "the consumer did not settle the delivery")

    def _done(self, task: asyncio.Task[None]) -> None:
        self._in_hand.discard(task)
        self._wakeup.set()

    async def cancel(self) -> None:
        self._loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._loop

    async def close(self) -> None:
        if self._in_hand:
            await asyncio.gather(*self._in_hand, return_exceptions=True)
