"""Targeted abuse, each refused with a clear error: the status and `extensions.code` asserted.

Through every place a limit is enforced: the embedded gateway (behind the platform's request
middleware), the gateway as `lokal gateway serve` runs it (`GatewayApp`: the endpoint's own
body limit, subgraphs over HTTP) and, where the request reaches them, the subgraphs (the kit's
HTTP layer and Strawberry's limiters). The unit tests of the gateway's HTTP surface
(gateway/tests/integration/test_http_surface.py) and of tokens (libs/kit/tests/unit) check
each rule on its own; this is the sweep over the running platform.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from testbed.answers import leaks
from testbed.hostile_text import HOSTILE, stored_verbatim
from testbed.platform import PlatformUnderTest

from lokal_contracts.demo import demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys, generate_key_pair
from lokal_kit.settings import ServiceSettings
from lokal_kit.sqltypes import utcnow

STRICT = {"accept": "application/graphql-response+json"}
JSON = {"content-type": "application/json", **STRICT}
SMALL = "{ projects(first: 1) { nodes { id } } }"


@pytest.fixture(params=["embedded", "served"])
def gateway_url(request: pytest.FixtureRequest, platform: PlatformUnderTest) -> str:
    """The gateway of the embedded platform, and the standalone gateway server."""
    if request.param == "embedded":
        return platform.gateway_url
    url: str = request.getfixturevalue("served_gateway")
    return url


@pytest.fixture(
    params=["embedded gateway", "served gateway", "people", "projects", "matching", "learning"]
)
def any_url(request: pytest.FixtureRequest, platform: PlatformUnderTest) -> str:
    """Every endpoint a client can reach: both gateways and the four subgraphs."""
    if request.param == "embedded gateway":
        return platform.gateway_url
    if request.param == "served gateway":
        url: str = request.getfixturevalue("served_gateway")
        return url
    return platform.subgraph_urls[request.param]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=60) as client:
        yield client


def refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error of a refused request, after checking its status, code and content."""
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert body.get("data") is None, body
    codes = [e["extensions"]["code"] for e in body["errors"]]
    assert codes == [code], body
    error: dict[str, Any] = body["errors"][0]
    assert not leaks(error["message"]), error
    return error


# -- the document -------------------------------------------------------------------------------


def nested(levels: int) -> str:
    """A valid selection `levels` fields deep: a Kommune's applications and back, over and over."""
    inner = "id"
    for level in reversed(range(levels - 3)):
        inner = f"{'applications' if level % 2 == 0 else 'municipality'} {{ {inner} }}"
    return f"{{ municipalities(first: 1) {{ nodes {{ {inner} }} }} }}"


async def test_a_query_100_levels_deep_is_refused(
    http: httpx.AsyncClient, gateway_url: str, platform: PlatformUnderTest
) -> None:
    response = await http.post(gateway_url, json={"query": nested(100)}, headers=STRICT)
    error = refused(response, 400, "QUERY_TOO_DEEP")
    assert error["extensions"]["max"] == ServiceSettings().max_query_depth
    at_subgraph = await http.post(platform.subgraph_urls["projects"], json={"query": nested(100)})
    # Strawberry's depth limiter is a validation rule: the subgraph's code says so
    error = refused(at_subgraph, 200, "GRAPHQL_VALIDATION_FAILED")
    assert "exceeds maximum operation depth" in error["message"]


async def test_a_query_within_the_depth_limit_runs(
    http: httpx.AsyncClient, gateway_url: str, platform: PlatformUnderTest
) -> None:
    programme = platform.demo_token("programme-lena", Role.PROGRAMME)
    response = await http.post(
        gateway_url,
        json={"query": nested(ServiceSettings().max_query_depth)},
        headers={**STRICT, "authorization": f"Bearer {programme}"},
    )
    assert response.status_code == 200
    assert "errors" not in response.json(), response.json()


async def test_ten_thousand_aliases_stop_at_the_token_limit(
    http: httpx.AsyncClient, any_url: str
) -> None:
    document = "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }"
    response = await http.post(any_url, json={"query": document}, headers=STRICT)
    error = refused(response, response.status_code, "TOO_MANY_TOKENS")
    assert response.status_code in (200, 400)  # 400 at the gateways, 200 at Strawberry
    assert "4000 tokens" in error["message"]


async def test_aliases_under_the_token_limit_stop_at_the_alias_limit(
    http: httpx.AsyncClient, gateway_url: str, platform: PlatformUnderTest
) -> None:
    document = "{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }"
    response = await http.post(gateway_url, json={"query": document}, headers=STRICT)
    assert refused(response, 400, "TOO_MANY_ALIASES")["extensions"]["max"] == 30
    at_subgraph = await http.post(platform.subgraph_urls["people"], json={"query": document})
    assert "aliases found" in refused(at_subgraph, 200, "GRAPHQL_VALIDATION_FAILED")["message"]


async def test_a_deep_ring_of_fragments_is_refused(http: httpx.AsyncClient, any_url: str) -> None:
    count = 50
    fragments = " ".join(
        f"fragment F{i} on Query {{ __typename ...F{(i + 1) % count} }}" for i in range(count)
    )
    response = await http.post(any_url, json={"query": f"{{ ...F0 }} {fragments}"}, headers=STRICT)
    error = refused(response, response.status_code, "GRAPHQL_VALIDATION_FAILED")
    assert "Cannot spread fragment" in error["message"]


async def test_a_long_chain_of_fragments_counts_towards_the_depth(
    http: httpx.AsyncClient, gateway_url: str
) -> None:
    count = 40
    fragments = [
        f"fragment F{i} on {'Municipality' if i % 2 == 0 else 'MunicipalityApplication'} "
        f"{{ id {'applications' if i % 2 == 0 else 'municipality'} {{ ...F{i + 1} }} }}"
        for i in range(count)
    ]
    fragments.append(f"fragment F{count} on Municipality {{ id }}")
    document = "{ municipalities(first: 1) { nodes { ...F0 } } } " + " ".join(fragments)
    response = await http.post(gateway_url, json={"query": document}, headers=STRICT)
    refused(response, 400, "QUERY_TOO_DEEP")


async def test_nested_introspection_is_refused(http: httpx.AsyncClient, any_url: str) -> None:
    # each level multiplies the answer by the number of fields: a few levels would be gigabytes
    inner = "name"
    for _ in range(6):
        inner = f"name fields {{ name type {{ {inner} }} }}"
    response = await http.post(
        any_url, json={"query": f"{{ __schema {{ types {{ {inner} }} }} }}"}, headers=STRICT
    )
    error = refused(response, response.status_code, "GRAPHQL_VALIDATION_FAILED")
    assert error["message"] == "Maximum introspection depth exceeded"


CONNECTIONS = [
    "persons",
    "competences",
    "makerApplications",
    "erasureRequests",
    "projects",
    "municipalities",
    "municipalityApplications",
    "placements",
    "matchingRuns",
    "curriculumTemplates",
    "cohorts",
]


@pytest.mark.parametrize("first", [1_000_000_000, 2_147_483_647, 101, 0, -1, -2_147_483_648])
async def test_every_root_connection_refuses_a_page_size_out_of_range(
    http: httpx.AsyncClient, platform: PlatformUnderTest, first: int
) -> None:
    programme = platform.demo_token("programme-lena", Role.PROGRAMME)

    async def ask(name: str) -> httpx.Response:
        return await http.post(
            platform.gateway_url,
            json={"query": f"{{ {name}(first: {first}) {{ totalCount }} }}"},
            headers={**STRICT, "authorization": f"Bearer {programme}"},
        )

    for name, response in zip(
        CONNECTIONS, await asyncio.gather(*map(ask, CONNECTIONS)), strict=True
    ):
        error = refused(response, 200, "BAD_USER_INPUT")
        assert error["path"] == [name]
        assert error["extensions"]["field"] == "first"
        assert error["message"] == "first must be between 1 and 100"


async def test_a_page_size_beyond_32_bits_is_refused_before_it_runs(
    http: httpx.AsyncClient, gateway_url: str
) -> None:
    literal = await http.post(
        gateway_url,
        json={"query": "{ projects(first: 10000000000) { totalCount } }"},
        headers=STRICT,
    )
    refused(literal, 400, "GRAPHQL_VALIDATION_FAILED")
    variable = await http.post(
        gateway_url,
        json={
            "query": "query($n: Int) { projects(first: $n) { totalCount } }",
            "variables": {"n": 10**10},
        },
        headers=STRICT,
    )
    refused(variable, 400, "BAD_USER_INPUT")


# -- the body -----------------------------------------------------------------------------------

FIVE_MB = json.dumps({"query": SMALL, "padding": "x" * 5_000_000}).encode()


async def test_a_5_mb_body_is_refused(http: httpx.AsyncClient, any_url: str) -> None:
    response = await http.post(any_url, content=FIVE_MB, headers=JSON)
    assert "1000000 bytes" in refused(response, 413, "PAYLOAD_TOO_LARGE")["message"]


async def test_a_5_mb_body_without_a_length_is_refused_while_it_streams(
    http: httpx.AsyncClient, any_url: str
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(FIVE_MB), 64_000):
            yield FIVE_MB[start : start + 64_000]

    response = await http.post(any_url, content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    refused(response, 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize(
    "body",
    [b'{"query": ', b"{'query': '{ __typename }'}", b"", b'{"query": "{ __typename }"} trailing'],
)
async def test_malformed_json_is_refused(
    http: httpx.AsyncClient, any_url: str, body: bytes
) -> None:
    refused(await http.post(any_url, content=body, headers=JSON), 400, "BAD_REQUEST")


async def test_invalid_utf8_is_refused(http: httpx.AsyncClient, any_url: str) -> None:
    body = b'{"query": "{ __typename }", "operationName": "\xff\xfe\xc3"}'
    refused(await http.post(any_url, content=body, headers=JSON), 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "body",
    [
        [{"query": SMALL}, {"query": SMALL}],
        "{ __typename }",
        None,
        42,
    ],
)
async def test_a_body_that_is_not_one_request_is_refused(
    http: httpx.AsyncClient, any_url: str, body: object
) -> None:
    # batches are not supported: one operation per request
    response = await http.post(any_url, content=json.dumps(body).encode(), headers=JSON)
    refused(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        None,
    ],
)
async def test_a_body_of_another_media_type_is_refused(
    http: httpx.AsyncClient, any_url: str, content_type: str | None
) -> None:
    headers = {**STRICT, **({"content-type": content_type} if content_type else {})}
    body = json.dumps({"query": SMALL}).encode()
    refused(await http.post(any_url, content=body, headers=headers), 415, "UNSUPPORTED_MEDIA_TYPE")


# -- what gets stored ---------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "payload"), list(enumerate(HOSTILE)))
async def test_sql_and_html_are_stored_and_returned_verbatim(
    platform: PlatformUnderTest, number: int, payload: str
) -> None:
    await stored_verbatim(platform, f"0324{number:04d}", payload)


# -- tokens -------------------------------------------------------------------------------------


def forged_tokens(platform: PlatformUnderTest, data_dir: Path) -> dict[str, str]:
    settings = ServiceSettings()
    person = demo_id("person", "programme-lena")
    now = int(utcnow().timestamp())
    # valid in every claim: only the signature (or its absence) is wrong
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(person),
        "iat": now,
        "exp": now + 3600,
        "roles": ["programme"],
    }
    other_key, _ = generate_key_pair()
    _, public_key = generate_key_pair()

    def issuer(**changes: str) -> TokenIssuer:
        return TokenIssuer(
            development_keys(data_dir)[0],
            issuer=changes.get("issuer", settings.jwt_issuer),
            audience=changes.get("audience", settings.jwt_audience),
        )

    unsigned = jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]
    return {
        "another key": TokenIssuer(
            other_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        ).issue(person, [Role.PROGRAMME]),
        "expired": issuer().issue(person, [Role.PROGRAMME], ttl=timedelta(minutes=-5)),
        "alg none": unsigned,
        "alg none, no signature part": unsigned.rstrip("."),
        "HS256 with a public key": _hmac_signed(claims, public_key),
        "another audience": issuer(audience="someone-else").issue(person, [Role.PROGRAMME]),
        "another issuer": issuer(issuer="https://evil.example/").issue(person, [Role.PROGRAMME]),
        "a tampered role": _tampered(platform.demo_token("maker-01", Role.MAKER)),
        "not a JWT": "not-a-token",
    }


def _hmac_signed(claims: dict[str, Any], secret: bytes) -> str:
    """The classic confusion attack; PyJWT refuses to sign it, so by hand."""
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = ".".join(
        jwt.utils.base64url_encode(json.dumps(part).encode()).decode() for part in (header, claims)
    )
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{jwt.utils.base64url_encode(digest).decode()}"


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["roles"] = ["programme"]
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    "kind",
    [
        "another key",
        "expired",
        "alg none",
        "alg none, no signature part",
        "HS256 with a public key",
        "another audience",
        "another issuer",
        "a tampered role",
        "not a JWT",
        "Basic scheme",
        "empty bearer",
    ],
)
async def test_a_bad_token_is_refused_as_unauthenticated(
    http: httpx.AsyncClient, any_url: str, platform: PlatformUnderTest, data_dir: Path, kind: str
) -> None:
    tokens = forged_tokens(platform, data_dir)
    authorization = {
        "Basic scheme": "Basic dXNlcjpwYXNz",
        "empty bearer": "Bearer",
    }.get(kind) or f"Bearer {tokens[kind]}"
    response = await http.post(
        any_url, json={"query": SMALL}, headers={**STRICT, "authorization": authorization}
    )
    refused(response, 401, "UNAUTHENTICATED")
    assert response.headers["www-authenticate"] == "Bearer"
