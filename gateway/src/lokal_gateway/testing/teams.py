"""`teams`: placements of people in projects (the miniature of the matching service).

Shows `@provides` (a placement's person comes with their name) and `@requires`
(a project's cost per member needs its budget from `sites`).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.federation import Schema

from lokal_gateway.testing.data import (
    PERSON_BY_ID,
    PLACEMENT_BY_ID,
    PLACEMENT_ROWS,
    PlacementRow,
)
from lokal_kit.errors import NotFound
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    name: str = strawberry.federation.field(external=True)

    @strawberry.field
    def placements(self) -> list[Placement]:
        return [placement(r) for r in PLACEMENT_ROWS if r.person_id == self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **_: Any) -> Person:
        return Person(id=id, name="")


@strawberry.federation.type(keys=["id"])
class Project:
    id: strawberry.ID
    budget_cents: int = strawberry.federation.field(external=True)

    @strawberry.field
    def team(self) -> list[Placement]:
        return team_of(self.id)

    cost_per_member_cents: int = strawberry.federation.field(
        resolver=lambda root: root.budget_cents // max(1, len(team_of(root.id))),
        requires=["budgetCents"],
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, budgetCents: int = 0) -> Project:  # noqa: N803
        return Project(id=id, budget_cents=budgetCents)


@strawberry.federation.type(keys=["id"])
class Placement:
    id: strawberry.ID
    role: str
    person_id: strawberry.Private[str]
    project_id: strawberry.Private[str]

    person: Person = strawberry.federation.field(
        resolver=lambda root: Person(
            id=strawberry.ID(root.person_id), name=PERSON_BY_ID[root.person_id].name
        ),
        provides=["name"],
    )

    @strawberry.field
    def project(self) -> Project:
        return Project(id=strawberry.ID(self.project_id), budget_cents=0)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Placement:
        row = PLACEMENT_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no placement {id}")
        return placement(row)


def team_of(project_id: str) -> list[Placement]:
    return [placement(r) for r in PLACEMENT_ROWS if r.project_id == project_id]


def placement(row: PlacementRow) -> Placement:
    return Placement(
        id=strawberry.ID(row.id), role=row.role, person_id=row.person_id, project_id=row.project_id
    )


@strawberry.type
class Query:
    @strawberry.field
    def placements(self, first: int = 10) -> list[Placement]:
        return [placement(row) for row in PLACEMENT_ROWS[:first]]


def schema() -> Schema:
    return subgraph_schema(query=Query, types=[Person, Project], settings=ServiceSettings())


def context(principal: Any) -> dict[str, Any]:
    return {"principal": principal}
