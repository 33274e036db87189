"""Reading: projects, municipalities and applications, one at a time or as connections."""

from __future__ import annotations

import strawberry

from lokal_kit.graphql.fields import field
from lokal_kit.graphql.pagination import Connection, connection, page_request
from lokal_projects.domain.values import Ags
from lokal_projects.graphql.context import Info
from lokal_projects.graphql.ids import uuid_arg
from lokal_projects.graphql.inputs import (
    MunicipalityApplicationFilter,
    MunicipalityFilter,
    ProjectFilter,
)
from lokal_projects.graphql.project import Project, visible_project
from lokal_projects.graphql.types import Municipality, MunicipalityApplication
from lokal_projects.service import access, queries


@strawberry.type
class Query:
    @field("A project, if it exists and you may see it.")
    async def project(self, info: Info, id: strawberry.ID) -> Project | None:
        return await visible_project(info, id)

    @field(
        "Projects by planned start. Anonymous callers see published projects (and "
        "those staffed, running or completed since); drafts and submitted ones only the "
        "Kommune's staff and the programme team."
    )
    async def projects(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ProjectFilter | None = None,
    ) -> Connection[Project]:
        context = info.context
        page = page_request(first, after, cap=context.max_page_size)
        query = (filter or ProjectFilter()).query()
        found, total = await queries.project_page(context.uow(), context.principal, query, page)
        context.loaders.remember_projects(found)
        return connection(
            [Project(model=p) for p in found],
            page,
            lambda p: (p.model.details.planned_start.isoformat(), str(p.model.id)),
            total_count=total,
        )

    @field("A municipality (public).")
    async def municipality(self, info: Info, id: strawberry.ID) -> Municipality | None:
        found = await info.context.loaders.municipalities.load(uuid_arg(id, "id"))
        return None if found is None else Municipality(model=found)

    @field("A municipality by its Amtlicher Gemeindeschlüssel.")
    async def municipality_by_ags(self, info: Info, ags: str) -> Municipality | None:
        key = Ags(ags.strip())
        async with info.context.uow().reading() as uow:
            found = await uow.municipalities.get_by_ags(key)
        return None if found is None else Municipality(model=found)

    @field("Municipalities by name (public).")
    async def municipalities(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: MunicipalityFilter | None = None,
    ) -> Connection[Municipality]:
        context = info.context
        page = page_request(first, after, cap=context.max_page_size)
        query = (filter or MunicipalityFilter()).query()
        found, total = await queries.municipality_page(context.uow(), query, page)
        context.loaders.remember_municipalities(found)
        return connection(
            [Municipality(model=m) for m in found],
            page,
            lambda m: (m.model.profile.name, str(m.model.id)),
            total_count=total,
        )

    @field("An application, for the Kommune's staff and the programme.")
    async def municipality_application(
        self, info: Info, id: strawberry.ID
    ) -> MunicipalityApplication | None:
        context = info.context
        context.principal.require_authenticated()
        found = await context.loaders.application.load(uuid_arg(id, "id"))
        if found is None:
            return None
        municipality = await context.loaders.municipalities.load(found.municipality_id)
        if municipality is None or not access.is_staff_or_programme(
            context.principal, municipality
        ):
            return None
        return MunicipalityApplication(model=found)

    @field("Applications by submission: all for the programme team, a Kommune's own for its staff.")
    async def municipality_applications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: MunicipalityApplicationFilter | None = None,
    ) -> Connection[MunicipalityApplication]:
        context = info.context
        page = page_request(first, after, cap=context.max_page_size)
        query = (filter or MunicipalityApplicationFilter()).query()
        found, total = await queries.application_page(context.uow(), context.principal, query, page)
        return connection(
            [MunicipalityApplication(model=a) for a in found],
            page,
            lambda a: (a.model.submitted_at.isoformat(), str(a.model.id)),
            total_count=total,
        )
