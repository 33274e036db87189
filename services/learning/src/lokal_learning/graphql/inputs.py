"""Inputs of the learning subgraph's mutations."""

from __future__ import annotations

from datetime import date, datetime, time

import strawberry

from lokal_learning.graphql.enums import SessionFormat, SessionKind


@strawberry.input(description="One entry of the standard plan, relative to the cohort's start.")
class CurriculumItemInput:
    kind: SessionKind
    title: str
    offset_days: int = strawberry.field(description="Days after the cohort's first day.")
    start_time: time = strawberry.field(description="Local wall-clock time in Europe/Berlin.")
    duration_minutes: int
    format: SessionFormat
    mandatory: bool
    capacity: int
    description: str = ""
    occurrences: int = 1
    repeat_every_days: int | None = None


@strawberry.input
class CreateCurriculumTemplateInput:
    name: str
    items: list[CurriculumItemInput]
    description: str = ""
    make_current: bool = strawberry.field(
        default=False, description="New cohorts follow this template from now on."
    )


@strawberry.input
class CreateCohortInput:
    template_id: strawberry.ID
    starts_on: date
    title: str | None = None


@strawberry.input
class AddSessionInput:
    cohort_id: strawberry.ID
    kind: SessionKind
    title: str
    starts_at: datetime
    duration_minutes: int
    format: SessionFormat
    capacity: int
    mandatory: bool = False
    description: str = ""
    location: str | None = None
    online_url: str | None = None
    facilitator_id: strawberry.ID | None = None


@strawberry.input
class MoveSessionInput:
    session_id: strawberry.ID
    starts_at: datetime
    duration_minutes: int | None = None


@strawberry.input(description="Only the fields given change.")
class UpdateSessionInput:
    session_id: strawberry.ID
    title: str | None = None
    description: str | None = None
    location: str | None = None
    online_url: str | None = None
    facilitator_id: strawberry.ID | None = None
    capacity: int | None = None


@strawberry.input
class ScheduleCoachingAppointmentInput:
    enrollment_id: strawberry.ID
    starts_at: datetime
    duration_minutes: int
    format: SessionFormat
    location: str | None = None
    online_url: str | None = None


@strawberry.input
class RecordCheckInInput:
    enrollment_id: strawberry.ID
    on: date
    note: str
