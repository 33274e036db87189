"""Root queries of the learning subgraph."""

from __future__ import annotations

import strawberry

from lokal_kit.errors import NotFound
from lokal_kit.graphql.fields import field
from lokal_kit.graphql.pagination import Connection, connection, page_request
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.curriculum_types import CurriculumTemplate
from lokal_learning.graphql.enrollment_types import Coach, Enrollment, load_enrollment
from lokal_learning.graphql.types import (
    Cohort,
    Session,
    load_cohort,
    load_session,
)


@strawberry.type
class Query:
    @field("Curriculum templates, by name.")
    async def curriculum_templates(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CurriculumTemplate]:
        info.context.principal.require_authenticated()
        rt = info.context.rt
        page = page_request(first, after, cap=rt.settings.max_page_size)
        async with rt.uow_factory().reading() as uow:
            found = await uow.curricula.template_page(page)
        return connection(
            [CurriculumTemplate.of(t) for t in found], page, lambda t: (t.name, str(t.id))
        )

    @strawberry.field
    async def curriculum_template(self, info: Info, id: strawberry.ID) -> CurriculumTemplate:
        info.context.principal.require_authenticated()
        template = await info.context.loaders.templates.load(parse_id(id))
        if template is None:
            raise NotFound("no curriculum template with this id", id=str(id))
        return CurriculumTemplate.of(template)

    @field("Cohorts, by start date.")
    async def cohorts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Cohort]:
        info.context.principal.require_authenticated()
        rt = info.context.rt
        page = page_request(first, after, cap=rt.settings.max_page_size)
        async with rt.uow_factory().reading() as uow:
            found = await uow.curricula.cohort_page(page)
        return connection(
            [Cohort.of(c) for c in found], page, lambda c: (c.starts_on.isoformat(), str(c.id))
        )

    @strawberry.field
    async def cohort(self, info: Info, id: strawberry.ID) -> Cohort:
        return await load_cohort(info, id)

    @strawberry.field
    async def session(self, info: Info, id: strawberry.ID) -> Session:
        return await load_session(info, id)

    @strawberry.field
    async def enrollment(self, info: Info, id: strawberry.ID) -> Enrollment:
        return await load_enrollment(info, id)

    @field("Registered coaches and how many makers each has: programme team.")
    async def coaches(self, info: Info) -> list[Coach]:
        info.context.principal.require_programme()
        async with info.context.rt.uow_factory().reading() as uow:
            loads = await uow.enrollments.coach_loads()
        return [
            Coach(
                max_makers=load.max_makers,
                active_makers=load.active_makers,
                person_id=str(load.person_id),
            )
            for load in loads
        ]
