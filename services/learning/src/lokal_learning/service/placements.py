"""What a placement's confirmation, Projektpat*in and end mean for the programme."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from lokal_contracts.matching import (
    MentorAssigned,
    PlacementConfirmed,
    PlacementEnded,
    PlacementOutcome,
)
from lokal_learning.domain.curriculum import cohort_period
from lokal_learning.domain.enrollments import Completion
from lokal_learning.domain.kinds import EnrollmentStatus
from lokal_learning.domain.progress import progress
from lokal_learning.service.curricula import open_cohort
from lokal_learning.service.enrollments import enrol
from lokal_learning.service.events import programme_completed
from lokal_learning.service.seats import give_up_seat
from lokal_learning.service.unit_of_work import LearningUnitOfWork

log = logging.getLogger(__name__)


class NoCurrentTemplate(RuntimeError):
    """A new cohort is needed but the programme team has not made a template current."""


async def placement_confirmed(
    event: PlacementConfirmed, uow: LearningUnitOfWork, now: datetime
) -> None:
    """Enrol the maker in the cohort of the placement's start month (opened if need be)."""
    if await uow.enrollments.for_placement(event.placement_id) is not None:
        return  # announced again: the enrolment exists
    period = cohort_period(event.starts_on)
    cohort = await uow.curricula.cohort_for_period(period)
    if cohort is None:
        template = await uow.curricula.current_template()
        if template is None:
            raise NoCurrentTemplate(f"no current curriculum template to open cohort {period}")
        # a concurrent delivery may open the same period first; then we join its cohort
        cohort = await open_cohort(uow, template, event.starts_on, now)
        cohort = cohort or await uow.curricula.cohort_for_period(period)
        assert cohort is not None
    if await uow.enrollments.in_cohort(cohort.id, event.person_id) is not None:
        log.info("placement %s: maker already enrolled in cohort %s", event.placement_id, cohort.id)
        return
    await enrol(
        uow,
        cohort,
        event.person_id,
        now,
        placement_id=event.placement_id,
        mentor_id=event.mentor_id,
    )


async def mentor_assigned(event: MentorAssigned, uow: LearningUnitOfWork) -> None:
    enrollment = await uow.enrollments.for_placement(event.placement_id, lock=True)
    if enrollment is None or enrollment.mentor_id == event.mentor_id:
        return
    enrollment.assign_mentor(event.mentor_id)
    await uow.enrollments.save(enrollment)


async def placement_ended(event: PlacementEnded, uow: LearningUnitOfWork, now: datetime) -> None:
    """Close the enrolment with a completion record and free the maker's upcoming seats."""
    enrollment = await uow.enrollments.for_placement(event.placement_id, lock=True)
    if enrollment is None or not enrollment.is_active:
        return  # never enrolled here, or closed already
    seats = (await uow.enrollments.mandatory_seats([enrollment.id]))[enrollment.id]
    figures = progress(seats, now)
    enrollment.close(completed=event.outcome is PlacementOutcome.COMPLETED, on=event.ended_on)
    await uow.enrollments.save(enrollment)
    await uow.enrollments.add_completion(
        Completion(
            enrollment_id=enrollment.id,
            person_id=enrollment.person_id,
            cohort_id=enrollment.cohort_id,
            completed=enrollment.status is EnrollmentStatus.COMPLETED,
            ended_on=event.ended_on,
            mandatory_attended=figures.attended,
            mandatory_due=figures.due,
        ),
        now,
    )
    await release_upcoming_seats(uow, enrollment.person_id, now)
    uow.publish(programme_completed(enrollment))


async def release_upcoming_seats(uow: LearningUnitOfWork, person_id: UUID, now: datetime) -> None:
    """Give the person's seats in sessions still to come to the next on each waitlist."""
    upcoming = [
        session.id
        for session, seat in await uow.sessions.of_person(person_id)
        if seat is not None and not session.has_begun(now) and not session.is_cancelled
    ]
    for session in await uow.sessions.lock_all(upcoming):
        await give_up_seat(uow, session, person_id)
