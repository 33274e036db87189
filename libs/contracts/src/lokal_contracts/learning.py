"""Events of the learning service: the Begleitprogramm."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime

from lokal_contracts.base import IntegrationEvent


class SessionKind(StrEnum):
    ONBOARDING = "onboarding"
    COACHING = "coaching"
    NETWORKING = "networking"
    WORKSHOP = "workshop"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    ATTENDED = "attended"
    EXCUSED = "excused"
    ABSENT = "absent"


class EnrollmentCreated(IntegrationEvent):
    event_type: ClassVar[str] = "learning.enrollment.created.v1"
    subject_field: ClassVar[str] = "enrollment_id"

    enrollment_id: UUID
    cohort_id: UUID
    person_id: UUID
    placement_id: UUID | None = None


class SessionScheduled(IntegrationEvent):
    event_type: ClassVar[str] = "learning.session.scheduled.v1"
    subject_field: ClassVar[str] = "session_id"

    session_id: UUID
    cohort_id: UUID | None
    kind: SessionKind
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    status: SessionStatus


class AttendanceRecorded(IntegrationEvent):
    event_type: ClassVar[str] = "learning.attendance.recorded.v1"
    subject_field: ClassVar[str] = "attendance_id"

    attendance_id: UUID
    session_id: UUID
    person_id: UUID
    status: AttendanceStatus


class ProgrammeCompleted(IntegrationEvent):
    event_type: ClassVar[str] = "learning.programme.completed.v1"
    subject_field: ClassVar[str] = "enrollment_id"

    enrollment_id: UUID
    person_id: UUID
    cohort_id: UUID
    completed: bool


class LearningErasureCompleted(IntegrationEvent):
    event_type: ClassVar[str] = "learning.erasure.completed.v1"
    subject_field: ClassVar[str] = "erasure_id"

    erasure_id: UUID
    person_id: UUID
