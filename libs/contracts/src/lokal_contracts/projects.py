"""Events of the projects service: municipalities, their applications, projects."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from lokal_contracts.base import IntegrationEvent
from lokal_contracts.common import (
    Ags,
    CompetenceRequirement,
    Seat,
    StateCode,
    Topic,
    WorkMode,
)


class MunicipalityKind(StrEnum):
    MUNICIPALITY = "gemeinde"
    CITY = "stadt"
    DISTRICT = "landkreis"
    ADMINISTRATIVE_UNION = "verwaltungsgemeinschaft"
    OTHER_PUBLIC_BODY = "other_public_body"


class ApplicationDecision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ProjectState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    STAFFED = "staffed"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class MunicipalityRegistered(IntegrationEvent):
    event_type: ClassVar[str] = "projects.municipality.registered.v1"
    subject_field: ClassVar[str] = "municipality_id"

    municipality_id: UUID
    ags: Ags
    state: StateCode
    kind: MunicipalityKind


class ApplicationDecided(IntegrationEvent):
    event_type: ClassVar[str] = "projects.application.decided.v1"
    subject_field: ClassVar[str] = "application_id"

    application_id: UUID
    municipality_id: UUID
    decision: ApplicationDecision
    mentor_id: UUID | None = Field(default=None, description="Projektpat*in the Kommune named.")


class _ProjectFacts(IntegrationEvent):
    """What consumers need to know of a project to match makers to it."""

    project_id: UUID
    municipality_id: UUID
    ags: Ags
    topic: Topic
    requirements: list[CompetenceRequirement]
    seats: list[Seat] = Field(min_length=1, max_length=6)
    planned_start: date
    duration_months: int = Field(ge=6, le=12)
    work_mode: WorkMode
    mentor_id: UUID | None = None


class ProjectSubmitted(IntegrationEvent):
    event_type: ClassVar[str] = "projects.project.submitted.v1"
    subject_field: ClassVar[str] = "project_id"

    project_id: UUID
    municipality_id: UUID


class ProjectPublished(_ProjectFacts):
    event_type: ClassVar[str] = "projects.project.published.v1"
    subject_field: ClassVar[str] = "project_id"


class ProjectUpdated(_ProjectFacts):
    event_type: ClassVar[str] = "projects.project.updated.v1"
    subject_field: ClassVar[str] = "project_id"

    state: ProjectState


class ProjectCancelled(IntegrationEvent):
    event_type: ClassVar[str] = "projects.project.cancelled.v1"
    subject_field: ClassVar[str] = "project_id"

    project_id: UUID
    municipality_id: UUID


class ProjectStaffed(IntegrationEvent):
    event_type: ClassVar[str] = "projects.project.staffed.v1"
    subject_field: ClassVar[str] = "project_id"

    project_id: UUID
    member_ids: list[UUID]


class ProjectStarted(IntegrationEvent):
    event_type: ClassVar[str] = "projects.project.started.v1"
    subject_field: ClassVar[str] = "project_id"

    project_id: UUID
    started_on: date


class ProjectCompleted(IntegrationEvent):
    event_type: ClassVar[str] = "projects.project.completed.v1"
    subject_field: ClassVar[str] = "project_id"

    project_id: UUID
    completed_on: date


class ProjectsErasureCompleted(IntegrationEvent):
    """Projects has dropped an erased person as contact and Projektpat*in."""

    event_type: ClassVar[str] = "projects.erasure.completed.v1"
    subject_field: ClassVar[str] = "erasure_id"

    erasure_id: UUID
    person_id: UUID
