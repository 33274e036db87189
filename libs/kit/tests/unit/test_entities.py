"""`_entities` answers malformed representations with BAD_USER_INPUT, not an internal error.

Anyone who reaches a subgraph can call `_entities`; the fuzzing of issue 10 sent `{}` and got
a masked KeyError from Strawberry's resolver.
"""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.federation.type(keys=["id"])
class Cohort:
    id: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Cohort:
        return cls(id=id, name=f"cohort {id}")


@strawberry.type
class Query:
    @strawberry.field
    def cohort(self) -> Cohort:
        return Cohort(id=strawberry.ID("1"), name="one")


schema = subgraph_schema(query=Query, settings=ServiceSettings())
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Cohort { name } } }"


async def test_a_well_formed_representation_resolves() -> None:
    result = await schema.execute(ENTITIES, {"r": [{"__typename": "Cohort", "id": "7"}]})
    assert result.errors is None
    assert result.data == {"_entities": [{"name": "cohort 7"}]}


@pytest.mark.parametrize(
    ("representation", "message"),
    [
        ({}, "representations[0] must name an entity of this subgraph in __typename"),
        ({"id": "7"}, "representations[0] must name an entity of this subgraph in __typename"),
        ({"__typename": "Query", "id": "7"}, "must name an entity of this subgraph"),
        ({"__typename": 3, "id": "7"}, "must name an entity of this subgraph"),
        ("Cohort", "representations[0] must be an object"),
        ({"__typename": "Cohort"}, "representations[0] does not carry the key fields of Cohort"),
        ({"__typename": "Cohort", "id": "7", "x": 1}, "does not carry the key fields of Cohort"),
    ],
)
async def test_a_malformed_representation_is_the_callers_mistake(
    representation: Any, message: str
) -> None:
    result = await schema.execute(ENTITIES, {"r": [representation]})
    assert result.errors is not None
    (error,) = result.errors
    assert message in error.message
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "representations"}
