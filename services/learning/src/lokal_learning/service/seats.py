"""Seats in sessions: enrolment with a waitlist that moves up when someone cancels."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from lokal_kit.auth import Principal, Role
from lokal_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from lokal_learning.domain.kinds import ParticipationStatus, SessionKind
from lokal_learning.domain.sessions import Participation, Session, promote, seat_for
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime


async def enrol_in_session(
    rt: Runtime, principal: Principal, session_id: UUID, person_id: UUID | None
) -> Participation:
    signed_in = principal.require_authenticated()
    person_id = person_id or signed_in
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        await _require_may_book(uow, principal, session, person_id)
        session.require_open_for_enrolment(now)
        if session.one_to_one:
            raise InvalidInput(
                "coaching appointments are arranged with scheduleCoachingAppointment",
                field="sessionId",
            )
        seat = await take_seat(uow, session, person_id, now)
        if seat is None:
            raise Conflict("this person already has a place or a waitlist place in this session")
        await uow.commit()
    return seat


async def cancel_session_enrolment(
    rt: Runtime, principal: Principal, session_id: UUID, person_id: UUID | None
) -> list[Participation]:
    """Give up the seat; returns those who moved up from the waitlist."""
    signed_in = principal.require_authenticated()
    person_id = person_id or signed_in
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        await _require_may_book(uow, principal, session, person_id)
        session.require_open_for_enrolment(now)
        promoted = await give_up_seat(uow, session, person_id)
        if promoted is None:
            raise InvalidInput("this person is not enrolled in this session", field="personId")
        await uow.commit()
    return promoted


async def locked_session(uow: LearningUnitOfWork, session_id: UUID) -> Session:
    session = await uow.sessions.get(session_id, lock=True)
    if session is None:
        raise NotFound("no session with this id", field="sessionId")
    return session


async def take_seat(
    uow: LearningUnitOfWork, session: Session, person_id: UUID, now: datetime
) -> Participation | None:
    """A seat or a waitlist place; None when the person has one. Hold the session's lock."""
    seats = await uow.sessions.seats(session.id)
    if any(seat.person_id == person_id for seat in seats):
        return None
    enrolled = sum(1 for seat in seats if seat.status is ParticipationStatus.ENROLLED)
    seat = Participation(
        session_id=session.id,
        person_id=person_id,
        status=seat_for(enrolled, session.capacity),
        position=await uow.sessions.take_position(session.id),
    )
    await uow.sessions.add_seat(seat, now)
    return seat


async def give_up_seat(
    uow: LearningUnitOfWork, session: Session, person_id: UUID
) -> list[Participation] | None:
    """Remove the person's seat and fill it from the waitlist; None when they had none."""
    seats = await uow.sessions.seats(session.id)
    mine = next((seat for seat in seats if seat.person_id == person_id), None)
    if mine is None:
        return None
    await uow.sessions.remove_seat(mine)
    return await fill_from_waitlist(uow, session, [s for s in seats if s.id != mine.id])


async def fill_from_waitlist(
    uow: LearningUnitOfWork, session: Session, seats: list[Participation] | None = None
) -> list[Participation]:
    if seats is None:
        seats = await uow.sessions.seats(session.id)
    promoted = promote(session.capacity, seats)
    await uow.sessions.save_statuses(promoted)
    return promoted


async def _require_may_book(
    uow: LearningUnitOfWork, principal: Principal, session: Session, person_id: UUID
) -> None:
    """The programme team books anyone; a maker books themself into optional sessions
    of their own cohort, and into networking offers of any cohort."""
    principal.require_authenticated()
    if principal.is_programme:
        return
    if not (principal.is_person(person_id) and principal.has(Role.MAKER)):
        raise Forbidden("only the programme team enrols or cancels for others")
    if session.mandatory:
        raise Forbidden("mandatory sessions are arranged by the programme team")
    active = await uow.enrollments.active_of_person(person_id)
    if session.kind is SessionKind.NETWORKING and active:
        return
    if not any(enrollment.cohort_id == session.cohort_id for enrollment in active):
        raise Forbidden("this session belongs to a cohort you are not enrolled in")
