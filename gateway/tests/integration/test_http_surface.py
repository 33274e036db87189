"""GraphQL over HTTP at the gateway: media types, GET/POST, limits, APQ, trusted documents, auth."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from lokal_gateway.gateway import Gateway
from lokal_gateway.server.documents import PersistedQueries, TrustedDocuments
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint
from lokal_gateway.testing.data import PEOPLE_ROWS, PROJECT_ROWS
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier

QUERY = "{ projects(first: 2) { title } }"
EXPECTED = {"data": {"projects": [{"title": r.title} for r in PROJECT_ROWS[:2]]}}


def client_for(endpoint: GraphQLEndpoint) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=endpoint), base_url="http://gw")


@pytest.fixture
async def client(
    gateway: Gateway, token_verifier: TokenVerifier
) -> AsyncIterator[httpx.AsyncClient]:
    options = EndpointOptions(
        verifier=token_verifier,
        graphiql=True,
        expose_query_plan=True,
        cors_origins=frozenset({"https://portal.example.org"}),
        max_body_bytes=10_000,
    )
    async with client_for(GraphQLEndpoint(gateway, options)) as http:
        yield http


async def post(client: httpx.AsyncClient, body: Any, **headers: str) -> httpx.Response:
    return await client.post(
        "/graphql",
        content=json.dumps(body),
        headers={
            "content-type": "application/json",
            "accept": "application/graphql-response+json",
            **headers,
        },
    )


async def test_post_answers_with_the_media_type_asked_for(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": QUERY}, accept="application/graphql-response+json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert response.json() == EXPECTED
    for legacy_accept in ("", "*/*"):
        legacy = await post(client, {"query": QUERY}, accept=legacy_accept)
        assert legacy.headers["content-type"] == "application/json; charset=utf-8"


async def test_application_json_is_honoured(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": QUERY}, accept="application/json")
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == EXPECTED


async def test_request_errors_are_400_only_for_the_graphql_response_type(
    client: httpx.AsyncClient,
) -> None:
    invalid = {"query": "{ projects { nope } }"}
    strict = await post(client, invalid, accept="application/graphql-response+json")
    assert strict.status_code == 400
    assert "data" not in strict.json()
    assert strict.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    legacy = await post(client, invalid, accept="application/json")
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    unparsable = await post(
        client, {"query": "{ projects "}, accept="application/graphql-response+json"
    )
    assert unparsable.status_code == 400
    assert unparsable.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_get_runs_queries_but_not_mutations(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": QUERY})
    assert response.json() == EXPECTED
    mutation = f'mutation {{ renameProject(id: "{PROJECT_ROWS[0].id}", title: "x") {{ title }} }}'
    refused = await client.get("/graphql", params={"query": mutation})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"
    variables = await client.get(
        "/graphql",
        params={
            "query": "query($n: Int!) { projects(first: $n) { title } }",
            "variables": json.dumps({"n": 2}),
        },
    )
    assert variables.json() == EXPECTED


async def test_malformed_requests_are_refused_clearly(client: httpx.AsyncClient) -> None:
    no_query = await post(client, {"variables": {}})
    assert no_query.status_code == 400
    assert no_query.json()["errors"][0]["message"] == "the request has no query"
    wrong_type = await client.post(
        "/graphql", content=QUERY, headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    not_json = await client.post(
        "/graphql", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 400
    bad_variables = await post(client, {"query": QUERY, "variables": [1]})
    assert bad_variables.status_code == 400
    assert bad_variables.json()["errors"][0]["message"] == "variables must be an object"
    wrong_variable = await post(
        client,
        {"query": "query($n: Int!) { projects(first: $n) { title } }", "variables": {"n": "x"}},
    )
    assert wrong_variable.status_code == 400
    assert wrong_variable.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_limits_on_depth_aliases_tokens_and_body(client: httpx.AsyncClient) -> None:
    inner = "id"
    for _ in range(7):
        inner = f"placements {{ person {{ {inner} }} }}"
    deep = f"{{ {inner} }}"
    response = await post(client, {"query": deep})
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    aliases = "{ " + " ".join(f"a{i}: projects {{ title }}" for i in range(31)) + " }"
    response = await post(client, {"query": aliases})
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"
    tokens = "{ " + " ".join("__typename" for _ in range(4001)) + " }"
    response = await post(client, {"query": tokens})
    assert response.status_code in (400, 413)
    code = response.json()["errors"][0]["extensions"]["code"]
    assert code in ("TOO_MANY_TOKENS", "PAYLOAD_TOO_LARGE")
    body = await post(client, {"query": QUERY, "padding": "x" * 20_000})
    assert body.status_code == 413
    assert body.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_the_token_limit_is_enforced_below_the_body_limit(gateway: Gateway) -> None:
    endpoint = GraphQLEndpoint(gateway, EndpointOptions())
    tokens = "{ " + " ".join("__typename" for _ in range(4001)) + " }"
    async with client_for(endpoint) as http:
        response = await post(http, {"query": tokens})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_TOKENS"


async def test_automatic_persisted_queries(client: httpx.AsyncClient) -> None:
    digest = hashlib.sha256(QUERY.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = await post(client, {"extensions": extensions})
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = await post(client, {"query": QUERY, "extensions": extensions})
    assert registered.json() == EXPECTED
    by_hash = await post(client, {"extensions": extensions})
    assert by_hash.json() == EXPECTED
    by_get = await client.get("/graphql", params={"extensions": json.dumps(extensions)})
    assert by_get.json() == EXPECTED
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    mismatch = await post(client, {"query": QUERY, "extensions": wrong})
    assert mismatch.json()["errors"][0]["message"] == "provided sha does not match query"


async def test_trusted_documents_mode_runs_only_registered_operations(gateway: Gateway) -> None:
    digest = hashlib.sha256(QUERY.encode()).hexdigest()
    options = EndpointOptions(
        trusted_documents=TrustedDocuments({f"sha256:{digest}": QUERY}),
        persisted_queries=PersistedQueries(),
    )
    async with client_for(GraphQLEndpoint(gateway, options)) as http:
        by_id = await post(http, {"documentId": f"sha256:{digest}"})
        assert by_id.json() == EXPECTED
        by_apq = await post(
            http, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
        )
        assert by_apq.json() == EXPECTED
        same_text = await post(http, {"query": QUERY})
        assert same_text.json() == EXPECTED
        other = await post(http, {"query": "{ people { name } }"})
        assert other.status_code == 400
        assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
        unknown_id = await post(http, {"documentId": "sha256:" + "1" * 64})
        assert unknown_id.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


async def test_tokens_are_verified_at_the_gateway(
    client: httpx.AsyncClient, token_issuer: TokenIssuer
) -> None:
    refused = await post(client, {"query": QUERY}, authorization="Bearer not-a-token")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    me = PEOPLE_ROWS[5]
    token = token_issuer.issue(uuid.UUID(me.id), [Role.MAKER])
    query = f'{{ person(id: "{me.id}") {{ email }} }}'
    mine = await post(client, {"query": query}, authorization=f"Bearer {token}")
    assert mine.json() == {"data": {"person": {"email": me.email}}}
    anonymous = await post(client, {"query": query})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_cors_preflight_and_headers_for_allowed_origins(client: httpx.AsyncClient) -> None:
    allowed = {"origin": "https://portal.example.org"}
    preflight = await client.options(
        "/graphql", headers={**allowed, "access-control-request-method": "POST"}
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://portal.example.org"
    response = await post(client, {"query": QUERY}, **allowed)
    assert response.headers["access-control-allow-origin"] == "https://portal.example.org"
    other = await post(client, {"query": QUERY}, origin="https://evil.example.com")
    assert "access-control-allow-origin" not in other.headers


async def test_the_query_plan_is_shown_on_request(client: httpx.AsyncClient) -> None:
    response = await post(
        client, {"query": "{ projects(first: 1) { team { role } } }"}, **{"x-query-plan": "true"}
    )
    plan = response.json()["extensions"]["queryPlan"]
    assert plan["node"]["kind"] == "Sequence"
    assert [n.get("kind") for n in plan["node"]["nodes"]] == ["Fetch", "Flatten"]
    plain = await post(client, {"query": QUERY})
    assert "extensions" not in plain.json()


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "graphiql" in page.text.lower()
