"""Calendar feeds: a secret address per person, for their own plan and their cohorts'."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import NotFound
from lokal_learning.adapters.ical import CalendarEntry, render_calendar
from lokal_learning.domain.kinds import ParticipationStatus
from lokal_learning.domain.sessions import Session
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime

NO_SUCH_CALENDAR = "no calendar at this address"


@dataclass(frozen=True)
class CalendarAccess:
    token: str
    person_feed_url: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_calendar_token(rt: Runtime, principal: Principal) -> CalendarAccess:
    """A new secret; the previous address of this person stops working."""
    person_id = principal.require_authenticated()
    token = secrets.token_urlsafe(32)
    async with rt.uow_factory() as uow:
        await uow.persons.store_calendar_token(
            person_id, _hash(token), programme_access=principal.is_programme, now=rt.clock()
        )
        await uow.commit()
    return CalendarAccess(token=token, person_feed_url=person_feed_url(rt, person_id, token))


def person_feed_url(rt: Runtime, person_id: UUID, token: str) -> str:
    return f"{rt.settings.public_url.rstrip('/')}/calendar/persons/{person_id}.ics?token={token}"


def cohort_feed_url(rt: Runtime, cohort_id: UUID, token: str) -> str:
    return f"{rt.settings.public_url.rstrip('/')}/calendar/cohorts/{cohort_id}.ics?token={token}"


async def person_feed(rt: Runtime, person_id: UUID, token: str) -> bytes:
    """Sessions the person has a seat in (waitlisted ones tentative) or facilitates."""
    async with rt.uow_factory().reading() as uow:
        holder = await uow.persons.calendar_holder(_hash(token))
        if holder is None or holder[0] != person_id:
            raise NotFound(NO_SUCH_CALENDAR)
        found = await uow.sessions.of_person(person_id)
        stamps = await uow.sessions.updated_at([session.id for session, _ in found])
    entries = [
        CalendarEntry(session, stamps[session.id], seat is ParticipationStatus.WAITLISTED)
        for session, seat in found
    ]
    return render_calendar("Lokalprojekte: mein Begleitprogramm", entries)


async def cohort_feed(rt: Runtime, cohort_id: UUID, token: str) -> bytes:
    """The cohort's group sessions, for its members, their coaches and Pat*innen, its
    facilitators and the programme team."""
    async with rt.uow_factory().reading() as uow:
        holder = await uow.persons.calendar_holder(_hash(token))
        cohort = await uow.curricula.cohort(cohort_id)
        if holder is None or cohort is None:
            raise NotFound(NO_SUCH_CALENDAR)
        person_id, programme_access = holder
        sessions = await uow.sessions.all_of_cohort(cohort_id)
        if not programme_access and not await _belongs_to(uow, person_id, cohort_id, sessions):
            raise NotFound(NO_SUCH_CALENDAR)
        stamps = await uow.sessions.updated_at([session.id for session in sessions])
    entries = [CalendarEntry(session, stamps[session.id]) for session in sessions]
    return render_calendar(f"Lokalprojekte: {cohort.title}", entries)


async def _belongs_to(
    uow: LearningUnitOfWork, person_id: UUID, cohort_id: UUID, sessions: list[Session]
) -> bool:
    if any(session.facilitator_id == person_id for session in sessions):
        return True
    own = (await uow.enrollments.of_persons([person_id]))[person_id]
    involved = await uow.enrollments.involving(person_id)
    return any(enrollment.cohort_id == cohort_id for enrollment in [*own, *involved])
