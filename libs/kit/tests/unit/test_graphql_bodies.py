"""A subgraph refuses a body that is not one JSON object in UTF-8 the way the gateway does.

Strawberry alone answered invalid UTF-8 and a JSON string with 500, and wrong media types,
broken JSON and batches in plain text (found by issue 10's hostile sweep).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

from lokal_kit.http import GraphQLBodyCheck


@strawberry.type
class Query:
    @strawberry.field
    def answer(self) -> int:
        return 42


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(GraphQLRouter(strawberry.Schema(query=Query)), prefix="/graphql")
    app.add_middleware(GraphQLBodyCheck)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://subgraph") as http:
        yield http


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b'{"query": "{ answer }"}', {"content-type": "text/plain"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"query=%7Banswer%7D", {"content-type": "application/x-www-form-urlencoded"}, 415,
         "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"query": ', JSON, 400, "BAD_REQUEST"),
        (b'{"query": "{ answer \xff\xfe }"}', JSON, 400, "BAD_REQUEST"),
        (b'"{ answer }"', JSON, 400, "BAD_REQUEST"),
        (b"null", JSON, 400, "BAD_REQUEST"),
        (b'[{"query": "{ answer }"}, {"query": "{ answer }"}]', JSON, 400, "BAD_REQUEST"),
    ],
)  # fmt: skip
async def test_a_body_that_is_not_one_json_object_is_refused_as_a_graphql_error(
    client: httpx.AsyncClient, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [code]


async def test_a_well_formed_request_reaches_the_subgraph(client: httpx.AsyncClient) -> None:
    posted = await client.post(
        "/graphql",
        content=b'{"query": "{ answer }"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert posted.json() == {"data": {"answer": 42}}
    got = await client.get("/graphql", params={"query": "{ answer }"})
    assert got.json() == {"data": {"answer": 42}}
