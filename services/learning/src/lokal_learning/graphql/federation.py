"""Entities of other subgraphs, with the fields learning adds to them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from lokal_kit.errors import Forbidden
from lokal_kit.graphql.fields import field
from lokal_learning.domain import enrollments as enrollment_model
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.enrollment_types import Enrollment, LearningProgress, progress_of
from lokal_learning.graphql.types import Cohort
from lokal_learning.service.access import may_see_enrollment, require_person_or_programme


@strawberry.federation.type(keys=["id"], description="A person, owned by the people subgraph.")
class Person:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return cls(id=id)

    @field("Cohort enrolments: the person, the programme team, their coach and Pat*in.")
    async def enrollments(self, info: Info) -> list[Enrollment]:
        return [Enrollment.of(e) for e in await _visible_enrollments(info, self.id)]

    @field("Progress in the current (or else the latest) enrolment.")
    async def learning_progress(self, info: Info) -> LearningProgress | None:
        visible = await _visible_enrollments(info, self.id)
        if not visible:
            return None
        active = [e for e in visible if e.is_active]
        return await progress_of(info, (active or visible)[-1])


async def _visible_enrollments(info: Info, person_id: str) -> list[enrollment_model.Enrollment]:
    principal = info.context.principal
    principal.require_authenticated()
    found = await info.context.loaders.enrollments_of_person.load(parse_id(person_id))
    if principal.is_programme or principal.is_person(UUID(str(person_id))):
        return found
    visible = [e for e in found if may_see_enrollment(principal, e)]
    if not visible:
        raise Forbidden("only the person, their coach and Pat*in and the programme team")
    return visible


@strawberry.federation.type(keys=["id"], description="A placement, owned by the matching subgraph.")
class Placement:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Placement:
        return cls(id=id)

    @field("The cohort the placement's maker goes through the programme in.")
    async def cohort(self, info: Info) -> Cohort | None:
        principal = info.context.principal
        principal.require_authenticated()
        enrollment = await info.context.loaders.enrollment_of_placement.load(parse_id(self.id))
        if enrollment is None:
            return None
        # `_entities` reaches this without matching having checked the placement first.
        if not may_see_enrollment(principal, enrollment):
            raise Forbidden("only the maker, their coach and Pat*in and the programme team")
        cohort = await info.context.loaders.cohorts.load(enrollment.cohort_id)
        return None if cohort is None else Cohort.of(cohort)


@strawberry.federation.type(
    keys=["personId"], description="A person's data export, owned by the people subgraph."
)
class PersonalDataExport:
    person_id: strawberry.ID
    document: strawberry.Private[dict[str, Any]]

    @classmethod
    async def resolve_reference(cls, info: Info, **representation: Any) -> PersonalDataExport:
        person_id = parse_id(str(representation.get("personId", "")), "personId")
        # the same rule as people's own query: the person themself or the programme team
        require_person_or_programme(info.context.principal, person_id)
        document = await info.context.loaders.exports.load(person_id)
        return cls(person_id=strawberry.ID(str(person_id)), document=document)

    @field("Everything the learning service holds on the person.")
    def learning(self) -> JSON:
        return JSON(self.document)
