"""Integration events of the Lokalprojekte platform.

One module per producing service; every event is a versioned pydantic model
whose `event_type` is also its RabbitMQ routing key
(`<service>.<aggregate>.<event>.v<major>`). Payloads carry ids and the facts
consumers need, never names, contact data or free text about people.
"""

from lokal_contracts.base import IntegrationEvent, event_types, lookup
from lokal_contracts.envelope import Envelope

__all__ = ["Envelope", "IntegrationEvent", "event_types", "lookup"]
