"""Enrolments, progress, completion, coaches and check-ins as the subgraph shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from lokal_kit.errors import Forbidden, NotFound
from lokal_kit.graphql.fields import field
from lokal_learning.domain import checkins as check_in_model
from lokal_learning.domain import enrollments as enrollment_model
from lokal_learning.domain.progress import progress
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.enums import EnrollmentStatus
from lokal_learning.graphql.types import Cohort
from lokal_learning.service.access import may_see_check_ins, may_see_enrollment

if TYPE_CHECKING:
    from lokal_learning.graphql.federation import Person, Placement

PersonRef = Annotated["Person", strawberry.lazy("lokal_learning.graphql.federation")]
PlacementRef = Annotated["Placement", strawberry.lazy("lokal_learning.graphql.federation")]


def person(person_id: object) -> Person:
    from lokal_learning.graphql.federation import Person

    return Person(id=strawberry.ID(str(person_id)))


@strawberry.type(description="Mandatory sessions attended against those due so far.")
class LearningProgress:
    status: EnrollmentStatus
    mandatory_attended: int
    mandatory_excused: int
    mandatory_missed: int = strawberry.field(description="Due, and neither attended nor excused.")
    mandatory_due: int = strawberry.field(description="Mandatory sessions that are over.")
    mandatory_total: int = strawberry.field(description="Mandatory sessions, upcoming ones too.")
    attendance_rate: float | None = strawberry.field(
        description="Attended / (due - excused); null before anything is due."
    )
    enrollment: strawberry.Private[enrollment_model.Enrollment]

    @strawberry.field
    def completed(self) -> bool | None:
        """Null while the placement runs."""
        status = self.enrollment.status
        return None if self.enrollment.is_active else status is EnrollmentStatus.COMPLETED


@strawberry.type(description="Kept when the placement ends.")
class ProgrammeCompletion:
    completed: bool
    ended_on: date
    mandatory_attended: int
    mandatory_due: int


@strawberry.type(description="A short dated note of the tandem of maker and Projektpat*in.")
class MentorCheckIn:
    id: strawberry.ID
    on: date
    note: str
    created_at: datetime
    author_id: strawberry.Private[str]

    @classmethod
    def of(cls, check_in: check_in_model.CheckIn) -> MentorCheckIn:
        return cls(
            id=strawberry.ID(str(check_in.id)),
            on=check_in.on,
            note=check_in.note,
            created_at=check_in.created_at,
            author_id=str(check_in.author_id),
        )

    @strawberry.field
    def author(self) -> PersonRef:
        return person(self.author_id)


@strawberry.type
class Coach:
    max_makers: int
    active_makers: int
    person_id: strawberry.Private[str]

    @strawberry.field
    def person(self) -> PersonRef:
        return person(self.person_id)


@strawberry.federation.type(keys=["id"], description="A maker's enrolment in a cohort.")
class Enrollment:
    id: strawberry.ID
    status: EnrollmentStatus
    enrolled_at: datetime
    closed_on: date | None
    model: strawberry.Private[enrollment_model.Enrollment]

    @classmethod
    def of(cls, enrollment: enrollment_model.Enrollment) -> Enrollment:
        return cls(
            id=strawberry.ID(str(enrollment.id)),
            status=enrollment.status,
            enrolled_at=enrollment.enrolled_at,
            closed_on=enrollment.closed_on,
            model=enrollment,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Enrollment:
        return await load_enrollment(info, id)

    @strawberry.field
    async def cohort(self, info: Info) -> Cohort:
        cohort = await info.context.loaders.cohorts.load(self.model.cohort_id)
        assert cohort is not None, "an enrollment's cohort is never deleted"
        return Cohort.of(cohort)

    @field("The maker.")
    def person(self) -> PersonRef:
        return person(self.model.person_id)

    @strawberry.field
    def placement(self) -> PlacementRef | None:
        from lokal_learning.graphql.federation import Placement

        placement_id = self.model.placement_id
        return None if placement_id is None else Placement(id=strawberry.ID(str(placement_id)))

    @strawberry.field
    def coach(self) -> PersonRef | None:
        return None if self.model.coach_id is None else person(self.model.coach_id)

    @field("The Projektpat*in.")
    def mentor(self) -> PersonRef | None:
        return None if self.model.mentor_id is None else person(self.model.mentor_id)

    @strawberry.field
    async def progress(self, info: Info) -> LearningProgress:
        return await progress_of(info, self.model)

    @strawberry.field
    async def completion(self, info: Info) -> ProgrammeCompletion | None:
        found = await info.context.loaders.completions.load(self.model.id)
        if found is None:
            return None
        return ProgrammeCompletion(
            completed=found.completed,
            ended_on=found.ended_on,
            mandatory_attended=found.mandatory_attended,
            mandatory_due=found.mandatory_due,
        )

    @field("The maker, their Projektpat*in and the programme team only.")
    async def check_ins(self, info: Info) -> list[MentorCheckIn]:
        if not may_see_check_ins(info.context.principal, self.model):
            raise Forbidden(
                "check-ins are private to the maker, their Projektpat*in and the programme"
            )
        return [
            MentorCheckIn.of(c) for c in await info.context.loaders.check_ins.load(self.model.id)
        ]


async def progress_of(info: Info, enrollment: enrollment_model.Enrollment) -> LearningProgress:
    seats = await info.context.loaders.mandatory_seats.load(enrollment.id)
    figures = progress(seats, info.context.rt.clock())
    return LearningProgress(
        status=enrollment.status,
        mandatory_attended=figures.attended,
        mandatory_excused=figures.excused,
        mandatory_missed=figures.missed,
        mandatory_due=figures.due,
        mandatory_total=figures.total,
        attendance_rate=figures.attendance_rate,
        enrollment=enrollment,
    )


async def load_enrollment(info: Info, enrollment_id: str) -> Enrollment:
    principal = info.context.principal
    principal.require_authenticated()
    enrollment = await info.context.loaders.enrollments.load(parse_id(enrollment_id))
    if enrollment is None:
        raise NotFound("no enrollment with this id", id=str(enrollment_id))
    if not may_see_enrollment(principal, enrollment):
        raise Forbidden("only the maker, their coach and Projektpat*in and the programme team")
    return Enrollment.of(enrollment)
