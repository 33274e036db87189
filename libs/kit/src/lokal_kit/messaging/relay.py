"""The outbox relay: publishes committed events and marks them sent only after the confirm."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from lokal_kit.db import Database
from lokal_kit.messaging.broker import Broker, BrokerUnavailable, OutboundMessage
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.tables import MessagingTables
from lokal_kit.metrics import (
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PUBLISH_FAILURES,
    OUTBOX_PUBLISHED,
)
from lokal_kit.sqlfilters import one_of
from lokal_kit.sqltypes import utcnow

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        database: Database,
        tables: MessagingTables,
        broker: Broker,
        signal: OutboxSignal | None = None,
        batch_size: int = 200,
        poll_interval: float = 0.5,
        linger: float = 0.01,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        retention: timedelta = timedelta(days=7),
    ) -> None:
        self._service = service
        self._database = database
        self._outbox = tables.outbox
        self._broker = broker
        self._signal = signal or OutboxSignal()
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._linger = linger
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._retention = retention

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set, then flush what is pending and return."""
        housekeeping_due = 0.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            try:
                published = await self.relay_once()
                if loop.time() >= housekeeping_due:
                    await self.housekeeping()
                    housekeeping_due = loop.time() + 30
            except BrokerUnavailable:
                published = 0
                log.warning("broker unavailable; outbox rows stay pending")
            except Exception:
                published = 0
                log.exception("outbox relay pass failed")
            if published < self._batch_size:
                await first_of(self._signal.wait(self._poll_interval), stop.wait())
                # mostly woken by a commit: wait a moment for those that follow it, so that a
                # busy service's events go out in batches rather than a pass per transaction
                await first_of(asyncio.sleep(self._linger), stop.wait())

    async def drain(self, timeout: float) -> int:
        """Publish what is due now, for at most `timeout` seconds (graceful shutdown)."""
        total = 0
        async with asyncio.timeout(timeout):
            while published := await self.relay_once():
                total += published
        return total

    async def relay_once(self) -> int:
        """Publish one batch of due rows; returns how many were confirmed."""
        outbox = self._outbox
        now = utcnow()
        async with self._database.session() as session, session.begin():
            rows = (
                await session.execute(
                    select(
                        outbox.c.position,
                        outbox.c.event_id,
                        outbox.c.event_type,
                        outbox.c.envelope,
                        outbox.c.created_at,
                        outbox.c.attempts,
                    )
                    .where(outbox.c.published_at.is_(None), outbox.c.next_attempt_at <= now)
                    .order_by(outbox.c.position)
                    .limit(self._batch_size)
                    # several relays on one PostgreSQL database never take the same row
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            outcomes = await self._broker.publish(
                [
                    OutboundMessage(
                        message_id=str(row.event_id),
                        routing_key=row.event_type,
                        body=row.envelope.encode(),
                        timestamp=row.created_at,
                        headers=_trace_headers(row.envelope),
                    )
                    for row in rows
                ]
            )
            confirmed = [
                row.position for row, error in zip(rows, outcomes, strict=True) if not error
            ]
            if confirmed:
                await session.execute(
                    update(outbox)
                    .where(one_of(outbox.c.position, confirmed))
                    .values(published_at=utcnow())
                )
            for row, error in zip(rows, outcomes, strict=True):
                if error:
                    await session.execute(
                        update(outbox)
                        .where(outbox.c.position == row.position)
                        .values(
                            attempts=row.attempts + 1,
                            next_attempt_at=now
                            + timedelta(seconds=self._backoff(row.attempts + 1)),
                            last_error=error[:500],
                        )
                    )
        OUTBOX_PUBLISHED.labels(self._service).inc(len(confirmed))
        if failed := len(rows) - len(confirmed):
            OUTBOX_PUBLISH_FAILURES.labels(self._service).inc(failed)
            log.warning("broker refused %d of %d events; they are retried later", failed, len(rows))
        return len(confirmed)

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many rows wait to be published, and when the oldest of them was written."""
        outbox = self._outbox
        async with self._database.session() as session:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(outbox.c.created_at)).where(
                        outbox.c.published_at.is_(None)
                    )
                )
            ).one()
        return int(count), oldest

    async def housekeeping(self) -> None:
        """Refresh the backlog gauges and forget rows published long ago."""
        outbox = self._outbox
        backlog, oldest = await self.backlog()
        async with self._database.session() as session, session.begin():
            await session.execute(
                delete(outbox).where(outbox.c.published_at < utcnow() - self._retention)
            )
        OUTBOX_BACKLOG.labels(self._service).set(backlog)
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        OUTBOX_OLDEST_AGE.labels(self._service).set(age)

    def _backoff(self, attempts: int) -> float:
        return float(min(self._backoff_cap, self._backoff_base * 2 ** (attempts - 1)))


def _trace_headers(envelope: str) -> dict[str, str]:
    """The trace context the event was written in, so that its publishing joins that trace."""
    document = json.loads(envelope)
    return {key: document[key] for key in ("traceparent", "tracestate") if document.get(key)}


async def first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until one of `waits` is done, and cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
