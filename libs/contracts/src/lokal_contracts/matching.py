"""Events of the matching service: placements and their Projektpat*in."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from lokal_contracts.base import IntegrationEvent
from lokal_contracts.common import PayGroup


class PlacementOutcome(StrEnum):
    COMPLETED = "completed"
    TERMINATED_EARLY = "terminated_early"


class _PlacementEvent(IntegrationEvent):
    placement_id: UUID
    project_id: UUID
    person_id: UUID = Field(description="The maker.")


class PlacementProposed(_PlacementEvent):
    event_type: ClassVar[str] = "matching.placement.proposed.v1"
    subject_field: ClassVar[str] = "placement_id"

    starts_on: date
    ends_on: date


class PlacementAccepted(_PlacementEvent):
    event_type: ClassVar[str] = "matching.placement.accepted.v1"
    subject_field: ClassVar[str] = "placement_id"


class PlacementConfirmed(_PlacementEvent):
    event_type: ClassVar[str] = "matching.placement.confirmed.v1"
    subject_field: ClassVar[str] = "placement_id"

    municipality_id: UUID
    mentor_id: UUID | None
    seat_index: int = Field(ge=0, le=5)
    team_size: int = Field(ge=1, le=6)
    starts_on: date
    ends_on: date
    pay_group: PayGroup
    step: int = Field(ge=1, le=6)


class PlacementEnded(_PlacementEvent):
    event_type: ClassVar[str] = "matching.placement.ended.v1"
    subject_field: ClassVar[str] = "placement_id"

    ended_on: date
    outcome: PlacementOutcome


class MentorAssigned(_PlacementEvent):
    event_type: ClassVar[str] = "matching.mentor.assigned.v1"
    subject_field: ClassVar[str] = "placement_id"

    mentor_id: UUID


class MatchingErasureCompleted(IntegrationEvent):
    event_type: ClassVar[str] = "matching.erasure.completed.v1"
    subject_field: ClassVar[str] = "erasure_id"

    erasure_id: UUID
    person_id: UUID
