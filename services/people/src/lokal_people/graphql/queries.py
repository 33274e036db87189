"""The people subgraph's queries."""

from __future__ import annotations

import strawberry

from lokal_kit.graphql.fields import field
from lokal_kit.graphql.pagination import Connection, PageRequest, connection, page_request
from lokal_people.domain.competences import CompetenceType
from lokal_people.domain.pipeline import MakerStage
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.competences import Competence, CompetenceRole
from lokal_people.graphql.context import PeopleInfo
from lokal_people.graphql.ids import uuid_of
from lokal_people.graphql.inputs import PersonFilter
from lokal_people.graphql.persons import Person
from lokal_people.graphql.pipeline import MakerApplication
from lokal_people.graphql.privacy import ErasureRequest, PersonalDataExport
from lokal_people.service import catalogue, erasure, reading


def _page(info: PeopleInfo, first: int | None, after: str | None) -> PageRequest:
    return page_request(first, after, cap=info.context.settings.max_page_size)


@strawberry.type
class Query:
    @field("The signed-in person; null until they have registered.")
    async def me(self, info: PeopleInfo) -> Person | None:
        found = await reading.me(info.context.uow(), info.context.principal)
        return Person.of(found) if found else None

    @strawberry.field
    async def person(self, info: PeopleInfo, id: strawberry.ID) -> Person:
        found = await reading.person(info.context.uow(), info.context.principal, uuid_of(id, "id"))
        return Person.of(found)

    @field("The programme team's search, ordered by name.")
    async def persons(
        self,
        info: PeopleInfo,
        filter: PersonFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Person]:
        page = _page(info, first, after)
        query = (filter or PersonFilter()).query()
        found, total = await reading.find_persons(
            info.context.uow(), info.context.principal, query, page
        )
        keys = {p.id: key for p, key in found}
        return connection(
            [Person.of(p) for p, _ in found],
            page,
            key=lambda p: (keys[uuid_of(p.id, "id")], str(p.id)),
            total_count=total,
        )

    @field("A competence of the catalogue, by its id (ESCO URI).")
    async def competence(self, info: PeopleInfo, id: strawberry.ID) -> Competence | None:
        found = await info.context.loaders.competences.load(str(id))
        return Competence.of(found) if found else None

    @field("Competences by label prefix and/or words of their text.")
    async def competences(
        self,
        info: PeopleInfo,
        prefix: str | None = None,
        text: str | None = None,
        type: CompetenceType | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Competence]:
        page = _page(info, first, after)
        found, total = await catalogue.search(
            info.context.uow(), page, prefix=prefix, text=text, type=type
        )
        return connection(
            [Competence.of(c) for c in found],
            page,
            key=lambda c: (c.label.casefold(), str(c.id)),
            total_count=total,
        )

    @field("Roles of municipal projects and the competences they take.")
    async def competence_roles(self, info: PeopleInfo) -> list[CompetenceRole]:
        return [CompetenceRole.of(r) for r in await catalogue.roles(info.context.uow())]

    @strawberry.field
    async def maker_application(self, info: PeopleInfo, id: strawberry.ID) -> MakerApplication:
        found = await reading.application(
            info.context.uow(), info.context.principal, uuid_of(id, "id")
        )
        return MakerApplication.of(found)

    @field("Applications, newest first (programme team).")
    async def maker_applications(
        self,
        info: PeopleInfo,
        stage: MakerStage | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[MakerApplication]:
        page = _page(info, first, after)
        found = await reading.applications(info.context.uow(), info.context.principal, stage, page)
        return connection(
            [MakerApplication.of(a) for a in found],
            page,
            key=lambda a: (a.submitted_at.isoformat(), str(a.id)),
        )

    @strawberry.field
    async def erasure_request(self, info: PeopleInfo, id: strawberry.ID) -> ErasureRequest:
        found = await erasure.get_erasure(
            info.context.uow(), info.context.principal, uuid_of(id, "id")
        )
        return ErasureRequest.of(found)

    @field("Erasures, newest first (programme team).")
    async def erasure_requests(
        self, info: PeopleInfo, first: int | None = None, after: str | None = None
    ) -> Connection[ErasureRequest]:
        page = _page(info, first, after)
        found = await erasure.list_erasures(info.context.uow(), info.context.principal, page)
        return connection(
            [ErasureRequest.of(e) for e in found],
            page,
            key=lambda e: (e.requested_at.isoformat(), str(e.id)),
        )

    @field("Everything the platform holds on the signed-in person.")
    def my_data_export(self, info: PeopleInfo) -> PersonalDataExport:
        person_id = info.context.principal.require_authenticated()
        return PersonalDataExport.for_person(info, strawberry.ID(str(person_id)))

    @field("Everything the platform holds on a person (programme team).")
    def personal_data_export(
        self, info: PeopleInfo, person_id: strawberry.ID
    ) -> PersonalDataExport:
        info.context.principal.require_programme()
        return PersonalDataExport.for_person(info, person_id)
