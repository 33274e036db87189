"""The subgraph schema's caches work across requests, and its abuse limits still hold."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
import strawberry.schema.schema

from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.type
class Node:
    @strawberry.field
    def child(self) -> Node:
        return Node()

    @strawberry.field
    def name(self) -> str:
        return "node"


@strawberry.type
class Query:
    @strawberry.field
    def root(self) -> Node:
        return Node()


async def test_an_operation_seen_before_is_not_validated_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validations: list[object] = []
    validate = strawberry.schema.schema.validate

    def counting(*args: Any, **kwargs: Any) -> Any:
        validations.append(args[1])
        return validate(*args, **kwargs)

    monkeypatch.setattr(strawberry.schema.schema, "validate", counting)
    schema = subgraph_schema(query=Query, settings=ServiceSettings(max_query_depth=3))
    for _ in range(3):
        result = await schema.execute("{ root { child { name } } }")
        assert result.errors is None
    assert len(validations) == 1


async def test_the_limits_still_reject_what_they_should() -> None:
    schema = subgraph_schema(
        query=Query, settings=ServiceSettings(max_query_depth=3, max_aliases=2)
    )
    for _ in range(2):  # and again, from the cache
        deep = await schema.execute("{ root { child { child { child { name } } } } }")
        assert deep.errors is not None
        assert "exceeds maximum operation depth" in deep.errors[0].message
        aliased = await schema.execute("{ a: root { name } b: root { name } c: root { name } }")
        assert aliased.errors is not None
        assert "aliases" in aliased.errors[0].message
