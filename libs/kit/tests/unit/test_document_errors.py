"""A subgraph's parse errors carry a code, like its validation errors and the gateway's.

Strawberry's ParserCache raised them before the operation's error handling was in place, so
they reached the client without `extensions.code` (found by issue 10's hostile sweep).
"""

from __future__ import annotations

import pytest
import strawberry

from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


@strawberry.type
class Query:
    @strawberry.field
    def answer(self) -> int:
        return 42


schema = subgraph_schema(query=Query, settings=ServiceSettings(max_tokens=100))


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("{ answer ", "GRAPHQL_PARSE_FAILED"),
        ("{ " + "answer " * 200 + "}", "TOO_MANY_TOKENS"),
        ("{ question }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_a_document_error_names_its_kind(document: str, code: str) -> None:
    # twice: the second answer comes through the parser cache's path
    for _ in range(2):
        result = await schema.execute(document)
        assert result.errors is not None
        assert [e.extensions for e in result.errors] == [{"code": code}]


async def test_a_valid_document_still_runs_from_the_cache() -> None:
    for _ in range(2):
        result = await schema.execute("{ answer }")
        assert result.errors is None
        assert result.data == {"answer": 42}
