"""Events of the people service: persons, the maker pipeline, erasure."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from lokal_contracts.base import IntegrationEvent
from lokal_contracts.common import (
    Availability,
    Background,
    CompetenceLevel,
    RegionWishes,
    Topic,
)


class Role(StrEnum):
    MAKER = "maker"
    MENTOR = "mentor"
    MUNICIPALITY_STAFF = "municipality_staff"
    PROGRAMME = "programme"


class Stage(StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEW = "interview"
    SELECTED = "selected"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PLACED = "placed"
    ALUMNI = "alumni"


class PersonRegistered(IntegrationEvent):
    event_type: ClassVar[str] = "people.person.registered.v1"
    subject_field: ClassVar[str] = "person_id"

    person_id: UUID
    roles: list[Role]
    municipality_ids: list[UUID] = Field(default_factory=list)


class _MakerProfile(IntegrationEvent):
    """The facts matching needs about a maker: no name, no contact data."""

    person_id: UUID
    competences: list[CompetenceLevel]
    availability: Availability
    regions: RegionWishes
    topics: list[Topic] = Field(default_factory=list)
    background: Background
    experience_years: int = Field(ge=0, le=60, description="Relevant professional experience.")


class MakerSelected(_MakerProfile):
    event_type: ClassVar[str] = "people.maker.selected.v1"
    subject_field: ClassVar[str] = "person_id"


class ProfileUpdated(_MakerProfile):
    event_type: ClassVar[str] = "people.profile.updated.v1"
    subject_field: ClassVar[str] = "person_id"

    stage: Stage


class ApplicationStageChanged(IntegrationEvent):
    event_type: ClassVar[str] = "people.application.stage_changed.v1"
    subject_field: ClassVar[str] = "application_id"

    application_id: UUID
    person_id: UUID
    stage: Stage


class PersonErased(IntegrationEvent):
    """Every service deletes or anonymises what it holds on the person and confirms."""

    event_type: ClassVar[str] = "people.person.erased.v1"
    subject_field: ClassVar[str] = "person_id"

    person_id: UUID
    erasure_id: UUID
