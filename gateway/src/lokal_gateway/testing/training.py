"""`training`: cohorts, and the cohort of a placement (the miniature of the learning service)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.federation import Schema

from lokal_gateway.testing.data import COHORT_BY_ID, COHORT_ROWS, PLACEMENT_BY_ID, CohortRow
from lokal_kit.errors import NotFound
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.federation.type(keys=["id"])
class Cohort:
    id: strawberry.ID
    name: str
    starts_on: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Cohort:
        row = COHORT_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no cohort {id}")
        return cohort(row)


def cohort(row: CohortRow) -> Cohort:
    return Cohort(id=strawberry.ID(row.id), name=row.name, starts_on=row.starts_on)


@strawberry.federation.type(keys=["id"])
class Placement:
    id: strawberry.ID

    @strawberry.field
    def cohort(self) -> Cohort | None:
        row = PLACEMENT_BY_ID.get(self.id)
        return cohort(COHORT_BY_ID[row.cohort_id]) if row and row.cohort_id else None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Placement:
        return Placement(id=id)


@strawberry.type
class Query:
    @strawberry.field
    def cohorts(self) -> list[Cohort]:
        return [cohort(row) for row in COHORT_ROWS]


def schema() -> Schema:
    return subgraph_schema(query=Query, types=[Placement], settings=ServiceSettings())


def context(principal: Any) -> dict[str, Any]:
    return {"principal": principal}
