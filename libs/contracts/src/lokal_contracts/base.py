"""The base of every integration event and the registry of all of them."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

_TYPE = re.compile(
    r"^(?P<service>[a-z]+)\.(?P<aggregate>[a-z_]+)\.(?P<event>[a-z_]+)\.v(?P<major>\d+)$"
)
_REGISTRY: dict[str, type[IntegrationEvent]] = {}


class UnknownEventType(LookupError):
    pass


class IntegrationEvent(BaseModel):
    """A fact one service announces to the others.

    Subclasses set `event_type` (also the routing key) and `subject_field`,
    the field that holds the id of the aggregate the event is about.
    """

    # Tolerant reader: a consumer on v1 ignores fields a newer minor release added.
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    subject_field: ClassVar[str]

    version: int = Field(ge=1, description="Version of the aggregate after this change.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type is None:
            return  # an intermediate base class, not an event
        if not _TYPE.match(event_type):
            raise ValueError(
                f"{cls.__name__}: event type {event_type!r} is not service.aggregate.event.vN"
            )
        if event_type in _REGISTRY:
            raise ValueError(f"event type {event_type!r} is defined twice")
        _REGISTRY[event_type] = cls

    @property
    def subject(self) -> str:
        return str(getattr(self, self.subject_field))

    @classmethod
    def producer(cls) -> str:
        return cls.event_type.split(".", 1)[0]

    @classmethod
    def aggregate(cls) -> str:
        """`<service>.<aggregate>`: what the subject and the version refer to."""
        return cls.event_type.rsplit(".", 2)[0]


def lookup(event_type: str) -> type[IntegrationEvent]:
    try:
        return _REGISTRY[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def event_types() -> dict[str, type[IntegrationEvent]]:
    """Every event of the catalogue, by type, after importing all producer modules."""
    from lokal_contracts import learning, matching, people, projects  # noqa: F401

    return {
        event_type: event
        for event_type, event in sorted(_REGISTRY.items())
        if event.__module__.startswith("lokal_contracts.")
    }
