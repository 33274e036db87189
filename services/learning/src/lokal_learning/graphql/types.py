"""Cohorts, sessions and curriculum templates as the subgraph shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from lokal_kit.errors import Forbidden, NotFound
from lokal_kit.graphql.fields import field
from lokal_kit.graphql.pagination import Connection, connection, page_request
from lokal_learning.domain import cohorts as cohort_model
from lokal_learning.domain import sessions as session_model
from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.curriculum_types import CurriculumTemplate
from lokal_learning.graphql.enums import (
    AttendanceStatus,
    ParticipationStatus,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from lokal_learning.service.access import may_run_session, may_see_session

if TYPE_CHECKING:
    from lokal_learning.graphql.enrollment_types import Enrollment
    from lokal_learning.graphql.federation import Person

PersonRef = Annotated["Person", strawberry.lazy("lokal_learning.graphql.federation")]
EnrollmentRef = Annotated["Enrollment", strawberry.lazy("lokal_learning.graphql.enrollment_types")]


@strawberry.type
class CohortStatistics:
    enrollments: int = strawberry.field(description="Everyone ever enrolled, erased people too.")
    active: int
    completed: int
    not_completed: int


@strawberry.federation.type(keys=["id"], description="Makers who start in the same month.")
class Cohort:
    id: strawberry.ID
    title: str
    period: str = strawberry.field(description="The start month, YYYY-MM.")
    starts_on: date
    model: strawberry.Private[cohort_model.Cohort]

    @classmethod
    def of(cls, cohort: cohort_model.Cohort) -> Cohort:
        return cls(
            id=strawberry.ID(str(cohort.id)),
            title=cohort.title,
            period=cohort.period,
            starts_on=cohort.starts_on,
            model=cohort,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Cohort:
        return await load_cohort(info, id)

    @strawberry.field
    async def template(self, info: Info) -> CurriculumTemplate | None:
        if self.model.template_id is None:
            return None
        template = await info.context.loaders.templates.load(self.model.template_id)
        return None if template is None else CurriculumTemplate.of(template)

    @field("Group sessions, in order of time (coaching appointments aside).")
    async def sessions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Session]:
        rt = info.context.rt
        page = page_request(first, after, cap=rt.settings.max_page_size)
        async with rt.uow_factory().reading() as uow:
            found = await uow.sessions.of_cohort(self.model.id, page)
        return connection(
            [Session.of(s) for s in found], page, lambda s: (s.starts_at.isoformat(), str(s.id))
        )

    @field("The programme team only.")
    async def enrollments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[EnrollmentRef]:
        from lokal_learning.graphql.enrollment_types import Enrollment

        info.context.principal.require_programme()
        rt = info.context.rt
        page = page_request(first, after, cap=rt.settings.max_page_size)
        async with rt.uow_factory().reading() as uow:
            found = await uow.enrollments.of_cohort(self.model.id, page)
        return connection(
            [Enrollment.of(e) for e in found],
            page,
            lambda e: (e.model.enrolled_at.isoformat(), str(e.model.id)),
        )

    @strawberry.field
    async def statistics(self, info: Info) -> CohortStatistics:
        live = await info.context.loaders.enrollment_counts.load(self.model.id)
        erased = await info.context.loaders.anonymous_counts.load(self.model.id)
        return CohortStatistics(
            enrollments=sum(live.values()) + erased.get("enrollments", 0),
            active=live.get("active", 0),
            completed=live.get("completed", 0) + erased.get("completed", 0),
            not_completed=live.get("not_completed", 0) + erased.get("not_completed", 0),
        )


@strawberry.type
class SessionAttendanceCounts:
    attended: int
    excused: int
    absent: int


@strawberry.type(description="A person's seat in a session, or their place on its waitlist.")
class SessionParticipation:
    status: ParticipationStatus
    seat: strawberry.Private[session_model.Participation]

    @classmethod
    def of(cls, seat: session_model.Participation) -> SessionParticipation:
        return cls(status=seat.status, seat=seat)

    @strawberry.field
    def person(self) -> PersonRef:
        from lokal_learning.graphql.federation import Person

        return Person(id=strawberry.ID(str(self.seat.person_id)))

    @strawberry.field
    async def session(self, info: Info) -> Session:
        return await load_session(info, str(self.seat.session_id))

    @field("1 for the next to move up; null with a seat.")
    async def waitlist_position(self, info: Info) -> int | None:
        if self.seat.status is not ParticipationStatus.WAITLISTED:
            return None
        seats = await info.context.loaders.seats.load(self.seat.session_id)
        return 1 + sum(
            1
            for s in seats
            if s.status is ParticipationStatus.WAITLISTED and s.position < self.seat.position
        )

    @strawberry.field
    async def attendance(self, info: Info) -> AttendanceStatus | None:
        recorded = await info.context.loaders.attendance.load(self.seat.session_id)
        return recorded.get(self.seat.person_id)


@strawberry.federation.type(
    keys=["id"], description="A date of the programme, or a coaching appointment."
)
class Session:
    id: strawberry.ID
    kind: SessionKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    format: SessionFormat
    location: str | None
    online_url: str | None
    capacity: int
    mandatory: bool
    status: SessionStatus
    one_to_one: bool = strawberry.field(description="A coaching appointment of a maker and coach.")
    sequence: int = strawberry.field(description="Grows with every change calendars should see.")
    model: strawberry.Private[session_model.Session]

    @classmethod
    def of(cls, session: session_model.Session) -> Session:
        return cls(
            id=strawberry.ID(str(session.id)),
            kind=session.kind,
            title=session.title,
            description=session.description,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            format=session.format,
            location=session.location,
            online_url=session.online_url,
            capacity=session.capacity,
            mandatory=session.mandatory,
            status=session.status,
            one_to_one=session.one_to_one,
            sequence=session.sequence,
            model=session,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Session:
        return await load_session(info, id)

    @field("Start in Europe/Berlin wall-clock time, with its UTC offset.")
    def starts_at_local(self) -> str:
        return self.model.starts_at.astimezone(PROGRAMME_TIME_ZONE).isoformat()

    @strawberry.field
    def duration_minutes(self) -> int:
        return self.model.duration_minutes

    @strawberry.field
    async def cohort(self, info: Info) -> Cohort | None:
        if self.model.cohort_id is None:
            return None
        cohort = await info.context.loaders.cohorts.load(self.model.cohort_id)
        return None if cohort is None else Cohort.of(cohort)

    @strawberry.field
    def facilitator(self) -> PersonRef | None:
        from lokal_learning.graphql.federation import Person

        facilitator = self.model.facilitator_id
        return None if facilitator is None else Person(id=strawberry.ID(str(facilitator)))

    @strawberry.field
    async def enrolled_count(self, info: Info) -> int:
        counts = await info.context.loaders.seat_counts.load(self.model.id)
        return counts.get(ParticipationStatus.ENROLLED.value, 0)

    @strawberry.field
    async def waitlist_count(self, info: Info) -> int:
        counts = await info.context.loaders.seat_counts.load(self.model.id)
        return counts.get(ParticipationStatus.WAITLISTED.value, 0)

    @field("Recorded attendance, erased people's included as counts.")
    async def attendance_counts(self, info: Info) -> SessionAttendanceCounts:
        recorded = list((await info.context.loaders.attendance.load(self.model.id)).values())
        erased = await info.context.loaders.anonymous_counts.load(self.model.id)
        return SessionAttendanceCounts(
            **{
                status.value: recorded.count(status) + erased.get(status.value, 0)
                for status in AttendanceStatus
            }
        )

    @field("The signed-in person's seat or waitlist place.")
    async def my_participation(self, info: Info) -> SessionParticipation | None:
        seat = await info.context.loaders.my_seats.load(self.model.id)
        return None if seat is None else SessionParticipation.of(seat)

    @field("Everyone with a seat or on the waitlist: facilitator and programme team.")
    async def participants(self, info: Info) -> list[SessionParticipation]:
        principal = info.context.principal
        principal.require_authenticated()
        if not may_run_session(principal, self.model):
            raise Forbidden("only the facilitator or the programme team see who takes part")
        return [
            SessionParticipation.of(s) for s in await info.context.loaders.seats.load(self.model.id)
        ]


async def load_cohort(info: Info, cohort_id: str) -> Cohort:
    info.context.principal.require_authenticated()
    cohort = await info.context.loaders.cohorts.load(parse_id(cohort_id))
    if cohort is None:
        raise NotFound("no cohort with this id", id=str(cohort_id))
    return Cohort.of(cohort)


async def load_session(info: Info, session_id: str) -> Session:
    principal = info.context.principal
    principal.require_authenticated()
    session = await info.context.loaders.sessions.load(parse_id(session_id))
    if session is None:
        raise NotFound("no session with this id", id=str(session_id))
    seated: set[UUID] = set()
    if session.one_to_one:
        seated = {seat.person_id for seat in await info.context.loaders.seats.load(session.id)}
    if not may_see_session(principal, session, seated):
        raise Forbidden("coaching appointments are private to the maker, coach and programme")
    return Session.of(session)
