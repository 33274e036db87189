"""Enrolment in a cohort, its mandatory sessions and a coach; coaches; check-ins."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from lokal_learning.domain.checkins import CheckIn
from lokal_learning.domain.coaching import choose_coach, require_max_makers
from lokal_learning.domain.cohorts import Cohort
from lokal_learning.domain.enrollments import Enrollment
from lokal_learning.service.events import enrollment_created
from lokal_learning.service.seats import take_seat
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime


async def enrol(
    uow: LearningUnitOfWork,
    cohort: Cohort,
    person_id: UUID,
    now: datetime,
    *,
    placement_id: UUID | None = None,
    mentor_id: UUID | None = None,
) -> Enrollment:
    """Enrol in the cohort and its upcoming mandatory sessions, with a free coach if any."""
    enrollment = Enrollment(
        cohort_id=cohort.id,
        person_id=person_id,
        enrolled_at=now,
        placement_id=placement_id,
        mentor_id=mentor_id,
    )
    coach_id = choose_coach(await uow.enrollments.coach_loads(lock=True), exclude=person_id)
    enrollment.coach_id = coach_id
    await uow.enrollments.add(enrollment)
    mandatory = await uow.sessions.mandatory_upcoming(cohort.id, now)
    for session in await uow.sessions.lock_all([s.id for s in mandatory]):
        await take_seat(uow, session, person_id, now)
    uow.publish(enrollment_created(enrollment))
    return enrollment


async def enrol_in_cohort(
    rt: Runtime, principal: Principal, cohort_id: UUID, person_id: UUID
) -> Enrollment:
    """The programme team enrols someone without a placement (a late joiner, say)."""
    principal.require_programme()
    async with rt.uow_factory() as uow:
        cohort = await uow.curricula.cohort(cohort_id)
        if cohort is None:
            raise NotFound("no cohort with this id", field="cohortId")
        if await uow.enrollments.in_cohort(cohort_id, person_id) is not None:
            raise Conflict("this person is enrolled in this cohort already", field="personId")
        enrollment = await enrol(uow, cohort, person_id, rt.clock())
        await uow.commit()
    return enrollment


async def register_coach(
    rt: Runtime, principal: Principal, person_id: UUID, max_makers: int
) -> None:
    principal.require_programme()
    require_max_makers(max_makers)
    async with rt.uow_factory() as uow:
        await uow.enrollments.register_coach(person_id, max_makers, rt.clock())
        await uow.commit()


async def assign_coach(
    rt: Runtime, principal: Principal, enrollment_id: UUID, coach_id: UUID
) -> Enrollment:
    principal.require_programme()
    async with rt.uow_factory() as uow:
        enrollment = await uow.enrollments.get(enrollment_id, lock=True)
        if enrollment is None:
            raise NotFound("no enrollment with this id", field="enrollmentId")
        loads = {load.person_id: load for load in await uow.enrollments.coach_loads(lock=True)}
        if coach_id not in loads:
            raise InvalidInput("this person is not registered as a coach", field="coachId")
        if enrollment.coach_id != coach_id and not loads[coach_id].is_free:
            raise Conflict("this coach looks after as many makers as they can", field="coachId")
        enrollment.assign_coach(coach_id)
        await uow.enrollments.save(enrollment)
        await uow.commit()
    return enrollment


async def record_check_in(
    rt: Runtime, principal: Principal, enrollment_id: UUID, on: date, note: str
) -> CheckIn:
    """The maker or their Projektpat*in notes how the tandem is doing."""
    author = principal.require_authenticated()
    async with rt.uow_factory() as uow:
        enrollment = await uow.enrollments.get(enrollment_id)
        if enrollment is None:
            raise NotFound("no enrollment with this id", field="enrollmentId")
        tandem = {enrollment.person_id, enrollment.mentor_id}
        if not (principal.is_programme or author in tandem):
            raise Forbidden("only the maker, their Projektpat*in or the programme team")
        check_in = CheckIn(
            enrollment_id=enrollment.id,
            maker_id=enrollment.person_id,
            mentor_id=enrollment.mentor_id,
            author_id=author,
            on=on,
            note=note,
            created_at=rt.clock(),
        )
        await uow.enrollments.add_check_in(check_in)
        await uow.commit()
    return check_in
