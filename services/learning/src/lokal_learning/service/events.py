"""The integration events this service announces, built from its domain objects."""

from __future__ import annotations

from lokal_contracts import learning as contract
from lokal_learning.domain.enrollments import Enrollment
from lokal_learning.domain.kinds import EnrollmentStatus
from lokal_learning.domain.sessions import Session


def session_scheduled(session: Session) -> contract.SessionScheduled:
    return contract.SessionScheduled(
        session_id=session.id,
        cohort_id=session.cohort_id,
        kind=contract.SessionKind(session.kind.value),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        status=contract.SessionStatus(session.status.value),
        version=session.version,
    )


def enrollment_created(enrollment: Enrollment) -> contract.EnrollmentCreated:
    return contract.EnrollmentCreated(
        enrollment_id=enrollment.id,
        cohort_id=enrollment.cohort_id,
        person_id=enrollment.person_id,
        placement_id=enrollment.placement_id,
        version=enrollment.version,
    )


def programme_completed(enrollment: Enrollment) -> contract.ProgrammeCompleted:
    return contract.ProgrammeCompleted(
        enrollment_id=enrollment.id,
        person_id=enrollment.person_id,
        cohort_id=enrollment.cohort_id,
        completed=enrollment.status is EnrollmentStatus.COMPLETED,
        version=enrollment.version,
    )
