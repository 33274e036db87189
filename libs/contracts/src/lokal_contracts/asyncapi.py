"""The event catalogue as an AsyncAPI 3.0 document, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from lokal_contracts.base import IntegrationEvent, event_types
from lokal_contracts.envelope import CONTENT_TYPE, Envelope

EXCHANGE = "events"


def _message_name(event: type[IntegrationEvent]) -> str:
    return event.__name__


def build_document(namespace: str = "lokal") -> dict[str, Any]:
    events = event_types()
    models: list[type[Any]] = [Envelope, *events.values()]
    _, schemas = models_json_schema(
        [(model, "validation") for model in models],
        ref_template="#/components/schemas/{model}",
    )
    components_schemas: dict[str, Any] = schemas.get("$defs", {})
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, event in events.items():
        name = _message_name(event)
        messages[name] = {
            "name": name,
            "title": event_type,
            "summary": (event.__doc__ or "").strip().splitlines()[0]
            if event.__doc__
            else event_type,
            "contentType": CONTENT_TYPE,
            "payload": {
                "allOf": [
                    {"$ref": "#/components/schemas/Envelope"},
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": event_type},
                            "data": {"$ref": f"#/components/schemas/{event.__name__}"},
                        },
                    },
                ]
            },
            "bindings": {"amqp": {"deliveryMode": 2, "bindingVersion": "0.3.0"}},
        }
        channels[event_type] = {
            "address": event_type,
            "description": f"Routing key {event_type} on the topic exchange "
            f"{namespace}.{EXCHANGE}.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {
                "amqp": {
                    "is": "routingKey",
                    "exchange": {
                        "name": f"{namespace}.{EXCHANGE}",
                        "type": "topic",
                        "durable": True,
                        "autoDelete": False,
                    },
                    "bindingVersion": "0.3.0",
                }
            },
        }
        operations[f"{event.producer()}.send.{event_type}"] = {
            "action": "send",
            "summary": f"The {event.producer()} service announces {event_type}.",
            "channel": {"$ref": f"#/channels/{_escape(event_type)}"},
            "messages": [{"$ref": f"#/channels/{_escape(event_type)}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Lokalprojekte platform events",
            "version": "1.0.0",
            "description": (
                "Integration events between the Lokalprojekte services, for integrators too. "
                "Every message is a CloudEvents 1.0 envelope in structured JSON mode, published "
                "persistently on one durable topic exchange with the event type as routing key. "
                "Delivery is at least once: deduplicate by the envelope's `id`, and ignore an "
                "event whose `aggregateversion` is not newer than the one you applied."
            ),
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "rabbitmq": {
                "host": "rabbitmq:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The platform's RabbitMQ.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": components_schemas, "messages": messages},
    }


def _escape(pointer_part: str) -> str:
    """JSON pointer escaping (RFC 6901) for a channel name inside a $ref."""
    return pointer_part.replace("~", "~0").replace("/", "~1")


def render(namespace: str = "lokal") -> str:
    return (
        json.dumps(build_document(namespace), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    )
