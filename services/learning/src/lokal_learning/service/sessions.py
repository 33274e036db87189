"""Sessions one by one: added, moved, cancelled, changed; coaching appointments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, InvalidInput, NotFound
from lokal_learning.domain.curriculum import require_duration
from lokal_learning.domain.kinds import ParticipationStatus, SessionFormat, SessionKind
from lokal_learning.domain.sessions import Participation, Session, require_future_start
from lokal_learning.service.events import session_scheduled
from lokal_learning.service.seats import fill_from_waitlist, locked_session
from lokal_learning.service.unit_of_work import Runtime


@dataclass(frozen=True)
class NewSession:
    cohort_id: UUID
    kind: SessionKind
    title: str
    starts_at: datetime
    duration_minutes: int
    format: SessionFormat
    capacity: int
    mandatory: bool
    description: str = ""
    location: str | None = None
    online_url: str | None = None
    facilitator_id: UUID | None = None


@dataclass(frozen=True)
class SessionChanges:
    title: str | None = None
    description: str | None = None
    location: str | None = None
    online_url: str | None = None
    facilitator_id: UUID | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class NewAppointment:
    enrollment_id: UUID
    starts_at: datetime
    duration_minutes: int
    format: SessionFormat
    location: str | None = None
    online_url: str | None = None


async def add_session(rt: Runtime, principal: Principal, command: NewSession) -> Session:
    principal.require_programme()
    now = rt.clock()
    require_future_start(command.starts_at, now)
    session = Session(
        cohort_id=command.cohort_id,
        kind=command.kind,
        title=command.title,
        description=command.description,
        starts_at=command.starts_at,
        ends_at=command.starts_at + timedelta(minutes=require_duration(command.duration_minutes)),
        format=command.format,
        capacity=command.capacity,
        mandatory=command.mandatory,
        location=command.location,
        online_url=command.online_url,
        facilitator_id=command.facilitator_id,
    )
    async with rt.uow_factory() as uow:
        if await uow.curricula.cohort(command.cohort_id) is None:
            raise NotFound("no cohort with this id", field="cohortId")
        await uow.sessions.add([session], now)
        uow.publish(session_scheduled(session))
        await uow.commit()
    return session


async def move_session(
    rt: Runtime,
    principal: Principal,
    session_id: UUID,
    starts_at: datetime,
    duration_minutes: int | None,
) -> Session:
    principal.require_programme()
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        session.move(starts_at, duration_minutes, now)
        await uow.sessions.save(session, now)
        uow.publish(session_scheduled(session))
        await uow.commit()
    return session


async def cancel_session(rt: Runtime, principal: Principal, session_id: UUID) -> Session:
    """Seats stay, so that everyone's calendar shows the session as cancelled."""
    principal.require_programme()
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        session.cancel(now)
        await uow.sessions.save(session, now)
        uow.publish(session_scheduled(session))
        await uow.commit()
    return session


async def change_session(
    rt: Runtime, principal: Principal, session_id: UUID, changes: SessionChanges
) -> Session:
    principal.require_programme()
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        seats = await uow.sessions.seats(session.id)
        enrolled = sum(1 for seat in seats if seat.status is ParticipationStatus.ENROLLED)
        session.change_details(
            now=now,
            title=changes.title,
            description=changes.description,
            location=changes.location,
            online_url=changes.online_url,
            facilitator_id=changes.facilitator_id,
            capacity=changes.capacity,
            enrolled=enrolled,
        )
        await uow.sessions.save(session, now)
        await fill_from_waitlist(uow, session, seats)
        await uow.commit()
    return session


async def schedule_coaching_appointment(
    rt: Runtime, principal: Principal, command: NewAppointment
) -> Session:
    """A one-to-one session of the maker with their coach."""
    principal.require_authenticated()
    now = rt.clock()
    require_future_start(command.starts_at, now)
    async with rt.uow_factory() as uow:
        enrollment = await uow.enrollments.get(command.enrollment_id)
        if enrollment is None:
            raise NotFound("no enrollment with this id", field="enrollmentId")
        coach_id = enrollment.coach_id
        if not (principal.is_programme or (coach_id and principal.is_person(coach_id))):
            raise Forbidden("only the maker's coach or the programme team arrange coaching")
        if coach_id is None:
            raise InvalidInput("assign a coach to this enrollment first", field="enrollmentId")
        if not enrollment.is_active:
            raise InvalidInput("this enrollment has ended", field="enrollmentId")
        session = Session(
            kind=SessionKind.COACHING,
            title="Coaching",
            starts_at=command.starts_at,
            ends_at=command.starts_at
            + timedelta(minutes=require_duration(command.duration_minutes)),
            format=command.format,
            location=command.location,
            online_url=command.online_url,
            capacity=1,
            mandatory=False,
            one_to_one=True,
            facilitator_id=coach_id,
        )
        await uow.sessions.add([session], now)
        seat = Participation(
            session_id=session.id,
            person_id=enrollment.person_id,
            status=ParticipationStatus.ENROLLED,
            position=await uow.sessions.take_position(session.id),
        )
        await uow.sessions.add_seat(seat, now)
        uow.publish(session_scheduled(session))
        await uow.commit()
    return session
