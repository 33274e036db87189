"""`sites`: municipalities and projects (the miniature of the projects service)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.federation import Schema

from lokal_gateway.testing.data import (
    MUNICIPALITY_BY_ID,
    MUNICIPALITY_ROWS,
    PROJECT_BY_ID,
    PROJECT_ROWS,
    ProjectRow,
)
from lokal_kit.errors import InvalidInput, NotFound
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.enum
class ProjectStatus(Enum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    STAFFED = "STAFFED"


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return Person(id=id)


@strawberry.federation.interface
class Listing:
    id: strawberry.ID
    title: str


@strawberry.federation.type(keys=["id"])
class Municipality:
    id: strawberry.ID
    name: str
    state: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Municipality:
        row = MUNICIPALITY_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no municipality {id}")
        return Municipality(id=strawberry.ID(row.id), name=row.name, state=row.state)


@strawberry.federation.type(keys=["id"])
class Project(Listing):
    budget_cents: int
    status: ProjectStatus
    municipality_id: strawberry.Private[str]
    mentor_id: strawberry.Private[str]

    @strawberry.field
    def municipality(self) -> Municipality:
        return Municipality.resolve_reference(strawberry.ID(self.municipality_id))

    @strawberry.field
    def mentor(self) -> Person | None:
        return Person(id=strawberry.ID(self.mentor_id))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Project:
        row = PROJECT_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no project {id}")
        return project(row)


@strawberry.type
class Announcement(Listing):
    """A listing that is not an entity: only this subgraph knows it."""

    pinned: bool


def project(row: ProjectRow) -> Project:
    return Project(
        id=strawberry.ID(row.id),
        title=row.title,
        budget_cents=row.budget_cents,
        status=ProjectStatus(row.status),
        municipality_id=row.municipality_id,
        mentor_id=row.mentor_id,
    )


SearchHit = Annotated[Project | Municipality, strawberry.union("SearchHit")]


@strawberry.type
class Query:
    @strawberry.field
    def projects(self, first: int = 10, status: ProjectStatus | None = None) -> list[Project]:
        if first < 0 or first > 200:
            raise InvalidInput("first must be between 0 and 200", field="first")
        rows = [r for r in PROJECT_ROWS if status is None or r.status == status.value]
        return [project(row) for row in rows[:first]]

    @strawberry.field
    def project(self, id: strawberry.ID) -> Project | None:
        row = PROJECT_BY_ID.get(id)
        return project(row) if row else None

    @strawberry.field
    def municipalities(self) -> list[Municipality]:
        return [Municipality.resolve_reference(strawberry.ID(r.id)) for r in MUNICIPALITY_ROWS]

    @strawberry.field
    def search(self, term: str) -> list[SearchHit]:
        hits: list[Project | Municipality] = [
            Municipality.resolve_reference(strawberry.ID(r.id))
            for r in MUNICIPALITY_ROWS
            if term.lower() in r.name.lower()
        ]
        hits += [project(r) for r in PROJECT_ROWS if term.lower() in r.title.lower()][:5]
        return hits

    @strawberry.field
    def listings(self) -> list[Listing]:
        items: list[Listing] = [project(r) for r in PROJECT_ROWS[:3]]
        items.append(Announcement(id=strawberry.ID("announcement-1"), title="Welcome", pinned=True))
        return items


@strawberry.type
class Mutation:
    @strawberry.mutation
    def rename_project(self, id: strawberry.ID, title: str) -> Project:
        row = PROJECT_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no project {id}")
        if not title.strip():
            raise InvalidInput("the title must not be empty", field="title")
        return Project(
            id=id,
            title=title,
            budget_cents=row.budget_cents,
            status=ProjectStatus(row.status),
            municipality_id=row.municipality_id,
            mentor_id=row.mentor_id,
        )


def schema() -> Schema:
    return subgraph_schema(
        query=Query, mutation=Mutation, types=[Announcement], settings=ServiceSettings()
    )


def context(principal: Any) -> dict[str, Any]:
    return {"principal": principal}
