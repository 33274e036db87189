"""Publishing another service's events in a test, as its outbox relay would."""

from __future__ import annotations

from collections.abc import Sequence

from lokal_contracts import Envelope, IntegrationEvent
from lokal_kit.messaging.broker import Broker, OutboundMessage
from lokal_kit.messaging.outbox import envelope_for
from lokal_kit.sqltypes import utcnow


def envelopes(events: Sequence[IntegrationEvent]) -> list[Envelope]:
    return [envelope_for(e, source=f"/lokal/{e.producer()}", now=utcnow()) for e in events]


async def publish(broker: Broker, events: Sequence[IntegrationEvent | Envelope]) -> list[Envelope]:
    """Publish events (or envelopes, to send one twice) and insist on every confirm."""
    sent = [e if isinstance(e, Envelope) else envelopes([e])[0] for e in events]
    outcomes = await broker.publish(
        [
            OutboundMessage(
                message_id=str(envelope.id),
                routing_key=envelope.type,
                body=envelope.to_json().encode(),
                timestamp=envelope.time,
            )
            for envelope in sent
        ]
    )
    assert outcomes == [None] * len(sent), outcomes
    return sent
