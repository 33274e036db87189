"""Mapping table rows to domain objects and back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_learning.domain.cohorts import Cohort
from lokal_learning.domain.curriculum import CurriculumItem
from lokal_learning.domain.enrollments import Enrollment
from lokal_learning.domain.kinds import (
    EnrollmentStatus,
    ParticipationStatus,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from lokal_learning.domain.sessions import Participation, Session


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that knows ON CONFLICT on both databases the service runs on."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def item_from_row(row: Row[Any]) -> CurriculumItem:
    return CurriculumItem(
        id=row.id,
        kind=SessionKind(row.kind),
        title=row.title,
        description=row.description,
        offset_days=row.offset_days,
        start_time=row.start_time,
        duration_minutes=row.duration_minutes,
        format=SessionFormat(row.format),
        mandatory=row.mandatory,
        capacity=row.capacity,
        occurrences=row.occurrences,
        repeat_every_days=row.repeat_every_days,
    )


def cohort_from_row(row: Row[Any]) -> Cohort:
    return Cohort(id=row.id, title=row.title, starts_on=row.starts_on, template_id=row.template_id)


def session_from_row(row: Row[Any]) -> Session:
    return Session(
        id=row.id,
        cohort_id=row.cohort_id,
        template_item_id=row.template_item_id,
        kind=SessionKind(row.kind),
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        format=SessionFormat(row.format),
        location=row.location,
        online_url=row.online_url,
        facilitator_id=row.facilitator_id,
        capacity=row.capacity,
        mandatory=row.mandatory,
        one_to_one=row.one_to_one,
        status=SessionStatus(row.status),
        sequence=row.sequence,
        version=row.version,
    )


def session_values(session: Session) -> dict[str, Any]:
    return {
        "cohort_id": session.cohort_id,
        "template_item_id": session.template_item_id,
        "kind": session.kind.value,
        "title": session.title,
        "description": session.description,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "format": session.format.value,
        "location": session.location,
        "online_url": session.online_url,
        "facilitator_id": session.facilitator_id,
        "capacity": session.capacity,
        "mandatory": session.mandatory,
        "one_to_one": session.one_to_one,
        "status": session.status.value,
        "sequence": session.sequence,
        "version": session.version,
    }


def participation_from_row(row: Row[Any]) -> Participation:
    return Participation(
        id=row.id,
        session_id=row.session_id,
        person_id=row.person_id,
        status=ParticipationStatus(row.status),
        position=row.position,
    )


def enrollment_from_row(row: Row[Any]) -> Enrollment:
    return Enrollment(
        id=row.id,
        cohort_id=row.cohort_id,
        person_id=row.person_id,
        placement_id=row.placement_id,
        mentor_id=row.mentor_id,
        coach_id=row.coach_id,
        status=EnrollmentStatus(row.status),
        enrolled_at=row.enrolled_at,
        closed_on=row.closed_on,
        version=row.version,
    )


def enrollment_values(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "cohort_id": enrollment.cohort_id,
        "person_id": enrollment.person_id,
        "placement_id": enrollment.placement_id,
        "mentor_id": enrollment.mentor_id,
        "coach_id": enrollment.coach_id,
        "status": enrollment.status.value,
        "enrolled_at": enrollment.enrolled_at,
        "closed_on": enrollment.closed_on,
        "version": enrollment.version,
    }
