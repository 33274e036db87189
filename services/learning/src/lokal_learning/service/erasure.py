"""Erasure (DSGVO Art. 17): forget a person, keep only counts nobody is behind."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from lokal_contracts.learning import LearningErasureCompleted
from lokal_contracts.people import PersonErased
from lokal_learning.domain.kinds import EnrollmentStatus, ParticipationStatus
from lokal_learning.service.placements import release_upcoming_seats
from lokal_learning.service.unit_of_work import LearningUnitOfWork


async def person_erased(event: PersonErased, uow: LearningUnitOfWork, now: datetime) -> None:
    person_id = event.person_id
    # coaching appointments are about the two people in them, nothing else
    await uow.persons.delete_sessions(await uow.persons.one_to_one_sessions(person_id))
    counts = await _anonymous_counts(uow, person_id, now)
    await release_upcoming_seats(uow, person_id, now)
    for enrollment in await uow.enrollments.involving(person_id):
        if enrollment.forget(person_id):
            await uow.enrollments.save(enrollment)
    await uow.persons.forget(person_id)
    await uow.persons.add_anonymous(counts)
    await uow.forget_published_events(str(person_id))
    uow.publish(
        LearningErasureCompleted(erasure_id=event.erasure_id, person_id=person_id, version=1)
    )


async def _anonymous_counts(
    uow: LearningUnitOfWork, person_id: UUID, now: datetime
) -> Counter[tuple[UUID, str]]:
    """What the person adds to the figures of sessions and cohorts, without them."""
    counts: Counter[tuple[UUID, str]] = Counter()
    for session_id, status in await uow.persons.attendance_to_forget(person_id):
        counts[(session_id, status)] += 1
    for session, seat in await uow.sessions.of_person(person_id):
        if seat is ParticipationStatus.ENROLLED and session.has_begun(now):
            counts[(session.id, "enrolled")] += 1
    for enrollment in (await uow.enrollments.of_persons([person_id]))[person_id]:
        counts[(enrollment.cohort_id, "enrollments")] += 1
        if enrollment.status is not EnrollmentStatus.ACTIVE:
            counts[(enrollment.cohort_id, enrollment.status.value)] += 1
    return counts
