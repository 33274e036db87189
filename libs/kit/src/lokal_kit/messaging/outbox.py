"""Turning integration events into outbox rows, inside the caller's transaction."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import datetime
from typing import Any

from opentelemetry import propagate

from lokal_contracts import Envelope, IntegrationEvent


class OutboxSignal:
    """Wakes an in-process relay as soon as a transaction with events committed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
        self._event.clear()


def envelope_for(event: IntegrationEvent, *, source: str, now: datetime) -> Envelope:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return Envelope(
        id=uuid.uuid4(),
        source=source,
        type=event.event_type,
        subject=event.subject,
        time=now,
        aggregateversion=event.version,
        traceparent=carrier.get("traceparent"),
        tracestate=carrier.get("tracestate"),
        data=event.model_dump(mode="json"),
    )


def outbox_row(envelope: Envelope) -> dict[str, Any]:
    return {
        "event_id": envelope.id,
        "event_type": envelope.type,
        "subject": envelope.subject,
        "envelope": envelope.to_json(),
        "created_at": envelope.time,
        "next_attempt_at": envelope.time,
        "attempts": 0,
    }
