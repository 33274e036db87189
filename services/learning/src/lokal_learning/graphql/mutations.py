"""Root mutations of the learning subgraph: thin translations to the use cases."""

from __future__ import annotations

import dataclasses
from uuid import UUID

import strawberry

from lokal_kit.graphql.fields import mutation
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.curriculum_types import CurriculumTemplate
from lokal_learning.graphql.enrollment_types import Coach, Enrollment, MentorCheckIn
from lokal_learning.graphql.enums import AttendanceStatus
from lokal_learning.graphql.inputs import (
    AddSessionInput,
    CreateCohortInput,
    CreateCurriculumTemplateInput,
    MoveSessionInput,
    RecordCheckInInput,
    ScheduleCoachingAppointmentInput,
    UpdateSessionInput,
)
from lokal_learning.graphql.results import AttendanceRecord, CalendarAccess
from lokal_learning.graphql.types import (
    Cohort,
    Session,
    SessionParticipation,
)
from lokal_learning.service import attendance, calendar, curricula, enrollments, seats, sessions


def _optional_id(value: strawberry.ID | None, field: str) -> UUID | None:
    return None if value is None else parse_id(value, field)


@strawberry.type
class Mutation:
    @mutation("Programme team.")
    async def create_curriculum_template(
        self,
        info: Info,
        input: CreateCurriculumTemplateInput,
    ) -> CurriculumTemplate:
        command = curricula.NewTemplate(
            name=input.name,
            description=input.description,
            items=[dataclasses.asdict(item) for item in input.items],
            make_current=input.make_current,
        )
        template = await curricula.create_template(info.context.rt, info.context.principal, command)
        return CurriculumTemplate.of(template)

    @mutation("Programme team: new cohorts follow this template.")
    async def make_curriculum_template_current(
        self, info: Info, template_id: strawberry.ID
    ) -> CurriculumTemplate:
        template = await curricula.make_template_current(
            info.context.rt, info.context.principal, parse_id(template_id, "templateId")
        )
        return CurriculumTemplate.of(template)

    @mutation("Programme team: a cohort with its sessions from a template.")
    async def create_cohort(self, info: Info, input: CreateCohortInput) -> Cohort:
        cohort = await curricula.create_cohort(
            info.context.rt,
            info.context.principal,
            parse_id(input.template_id, "templateId"),
            input.starts_on,
            input.title,
        )
        return Cohort.of(cohort)

    @mutation("Programme team: one more session in a cohort.")
    async def add_session(self, info: Info, input: AddSessionInput) -> Session:
        command = sessions.NewSession(
            cohort_id=parse_id(input.cohort_id, "cohortId"),
            kind=input.kind,
            title=input.title,
            description=input.description,
            starts_at=input.starts_at,
            duration_minutes=input.duration_minutes,
            format=input.format,
            capacity=input.capacity,
            mandatory=input.mandatory,
            location=input.location,
            online_url=input.online_url,
            facilitator_id=_optional_id(input.facilitator_id, "facilitatorId"),
        )
        return Session.of(
            await sessions.add_session(info.context.rt, info.context.principal, command)
        )

    @mutation("Programme team: a new date; calendars follow.")
    async def move_session(self, info: Info, input: MoveSessionInput) -> Session:
        moved = await sessions.move_session(
            info.context.rt,
            info.context.principal,
            parse_id(input.session_id, "sessionId"),
            input.starts_at,
            input.duration_minutes,
        )
        return Session.of(moved)

    @mutation("Programme team: the session does not take place.")
    async def cancel_session(self, info: Info, session_id: strawberry.ID) -> Session:
        cancelled = await sessions.cancel_session(
            info.context.rt, info.context.principal, parse_id(session_id, "sessionId")
        )
        return Session.of(cancelled)

    @mutation("Programme team: title, place, facilitator, capacity.")
    async def update_session(self, info: Info, input: UpdateSessionInput) -> Session:
        changes = sessions.SessionChanges(
            title=input.title,
            description=input.description,
            location=input.location,
            online_url=input.online_url,
            facilitator_id=_optional_id(input.facilitator_id, "facilitatorId"),
            capacity=input.capacity,
        )
        changed = await sessions.change_session(
            info.context.rt,
            info.context.principal,
            parse_id(input.session_id, "sessionId"),
            changes,
        )
        return Session.of(changed)

    @mutation("The maker's coach or the programme team.")
    async def schedule_coaching_appointment(
        self,
        info: Info,
        input: ScheduleCoachingAppointmentInput,
    ) -> Session:
        command = sessions.NewAppointment(
            enrollment_id=parse_id(input.enrollment_id, "enrollmentId"),
            starts_at=input.starts_at,
            duration_minutes=input.duration_minutes,
            format=input.format,
            location=input.location,
            online_url=input.online_url,
        )
        appointment = await sessions.schedule_coaching_appointment(
            info.context.rt, info.context.principal, command
        )
        return Session.of(appointment)

    @mutation(
        "A seat, or a waitlist place when the session is full. Makers enrol "
        "themselves (personId omitted) in optional sessions; the programme team anyone."
    )
    async def enroll_in_session(
        self, info: Info, session_id: strawberry.ID, person_id: strawberry.ID | None = None
    ) -> SessionParticipation:
        seat = await seats.enrol_in_session(
            info.context.rt,
            info.context.principal,
            parse_id(session_id, "sessionId"),
            _optional_id(person_id, "personId"),
        )
        return SessionParticipation.of(seat)

    @mutation("Give up a seat or waitlist place; the waitlist moves up.")
    async def cancel_session_enrollment(
        self, info: Info, session_id: strawberry.ID, person_id: strawberry.ID | None = None
    ) -> Session:
        parsed = parse_id(session_id, "sessionId")
        await seats.cancel_session_enrolment(
            info.context.rt, info.context.principal, parsed, _optional_id(person_id, "personId")
        )
        async with info.context.rt.uow_factory().reading() as uow:
            session = await uow.sessions.get(parsed)
        assert session is not None
        return Session.of(session)

    @mutation("The session's facilitator or the programme team.")
    async def record_attendance(
        self,
        info: Info,
        session_id: strawberry.ID,
        person_id: strawberry.ID,
        status: AttendanceStatus,
    ) -> AttendanceRecord:
        record = await attendance.record_attendance(
            info.context.rt,
            info.context.principal,
            parse_id(session_id, "sessionId"),
            parse_id(person_id, "personId"),
            status,
        )
        return AttendanceRecord.of(record)

    @mutation("Programme team: enrol someone without a placement.")
    async def enroll_in_cohort(
        self, info: Info, cohort_id: strawberry.ID, person_id: strawberry.ID
    ) -> Enrollment:
        enrollment = await enrollments.enrol_in_cohort(
            info.context.rt,
            info.context.principal,
            parse_id(cohort_id, "cohortId"),
            parse_id(person_id, "personId"),
        )
        return Enrollment.of(enrollment)

    @mutation("Programme team: a person who coaches up to maxMakers makers.")
    async def register_coach(self, info: Info, person_id: strawberry.ID, max_makers: int) -> Coach:
        person = parse_id(person_id, "personId")
        await enrollments.register_coach(
            info.context.rt, info.context.principal, person, max_makers
        )
        async with info.context.rt.uow_factory().reading() as uow:
            load = next(c for c in await uow.enrollments.coach_loads() if c.person_id == person)
        return Coach(
            max_makers=load.max_makers, active_makers=load.active_makers, person_id=str(person)
        )

    @mutation("Programme team.")
    async def assign_coach(
        self, info: Info, enrollment_id: strawberry.ID, coach_id: strawberry.ID
    ) -> Enrollment:
        enrollment = await enrollments.assign_coach(
            info.context.rt,
            info.context.principal,
            parse_id(enrollment_id, "enrollmentId"),
            parse_id(coach_id, "coachId"),
        )
        return Enrollment.of(enrollment)

    @mutation("The maker, their Projektpat*in or the programme team.")
    async def record_check_in(
        self,
        info: Info,
        input: RecordCheckInInput,
    ) -> MentorCheckIn:
        check_in = await enrollments.record_check_in(
            info.context.rt,
            info.context.principal,
            parse_id(input.enrollment_id, "enrollmentId"),
            input.on,
            input.note,
        )
        return MentorCheckIn.of(check_in)

    @mutation("A new secret calendar address for the signed-in person.")
    async def issue_calendar_token(self, info: Info) -> CalendarAccess:
        access = await calendar.issue_calendar_token(info.context.rt, info.context.principal)
        return CalendarAccess(token=access.token, person_feed_url=access.person_feed_url)
