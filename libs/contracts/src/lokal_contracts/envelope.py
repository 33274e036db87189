"""The CloudEvents 1.0 envelope (structured JSON mode) every event travels in."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

CONTENT_TYPE = "application/cloudevents+json"


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    specversion: Literal["1.0"] = "1.0"
    id: UUID
    source: str = Field(description="URI reference of the producing service, e.g. /lokal/projects.")
    type: str = Field(description="Event type, also the routing key.")
    subject: str = Field(description="Id of the aggregate the event is about.")
    time: AwareDatetime
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str | None = None
    aggregateversion: int = Field(ge=1, description="CloudEvents extension: aggregate version.")
    traceparent: str | None = Field(default=None, description="W3C trace context of the producer.")
    tracestate: str | None = None
    data: dict[str, Any]

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Envelope:
        return cls.model_validate_json(raw)
