"""Execution against subgraphs served over real HTTP: same answers, one request per hop, outages."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from lokal_gateway.execution.transport import HttpTransport, SubgraphRequest
from lokal_gateway.gateway import Gateway
from lokal_gateway.supergraph import Supergraph
from lokal_gateway.testing.data import PROJECT_ROWS
from lokal_gateway.testing.harness import in_process, over_http
from lokal_gateway.testing.serving import free_port, serving
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier
from lokal_kit.testing.proxy import CuttableProxy

DEEP = """query Deep($first: Int!) {
  projects(first: $first) {
    title
    municipality { name staff { name } }
    team { role person { name skills } cohort { name } }
    costPerMemberCents
  }
}"""


def sent(gateway: Gateway) -> dict[str, int]:
    return {name: t.requests_sent for name, t in gateway.transports.items()}  # type: ignore[attr-defined]


async def test_http_and_in_process_give_the_same_answer(supergraph: Supergraph) -> None:
    local = await in_process(supergraph).execute(DEEP, {"first": 5})
    async with over_http(supergraph) as (gateway, _):
        remote = await gateway.execute(DEEP, {"first": 5})
    assert remote == local
    assert "errors" not in remote


async def test_one_request_per_hop_whatever_the_list_length(supergraph: Supergraph) -> None:
    """N+1: projects with municipality, team members' names and cohorts, for 10 and 100."""
    query = """query($first: Int!) { projects(first: $first) {
      municipality { name } team { person { name skills } cohort { name } } } }"""
    counts = []
    async with over_http(supergraph) as (gateway, _):
        for first in (10, 100):
            before = sent(gateway)
            result = await gateway.execute(query, {"first": first})
            assert len(result["data"]["projects"]) == first
            after = sent(gateway)
            counts.append({name: after[name] - before[name] for name in after})
    assert counts[0] == counts[1]
    # sites once for the list (municipality names come with it), crew, teams, training once each
    assert counts[0] == {"sites": 1, "crew": 1, "teams": 1, "training": 1}


async def test_identical_representations_are_sent_once(gateway: Gateway) -> None:
    # 100 projects share 6 municipalities: crew gets 6 representations, not 100
    seen: list[int] = []
    crew = gateway.transports["crew"]
    original = crew.send

    async def spy(request: SubgraphRequest) -> dict[str, Any]:
        if request.variables and "representations" in request.variables:
            seen.append(len(request.variables["representations"]))
        return await original(request)

    crew.send = spy  # type: ignore[method-assign]
    result = await gateway.execute("{ projects(first: 100) { municipality { staff { name } } } }")
    assert len(result["data"]["projects"]) == 100
    assert seen == [len({r.municipality_id for r in PROJECT_ROWS[:100]})]


async def test_a_subgraph_that_is_down_gives_partial_data_and_an_error(
    supergraph: Supergraph,
) -> None:
    async with over_http(supergraph) as (gateway, _):
        teams = gateway.transports["teams"]
        assert isinstance(teams, HttpTransport)
        host, port = teams.url.split("//")[1].split("/")[0].split(":")
        proxy = CuttableProxy(host, int(port))
        await proxy.start()
        try:
            gateway.transports["teams"] = HttpTransport(  # type: ignore[index]
                "teams", f"http://127.0.0.1:{proxy.port}/graphql", timeout=2.0
            )
            query = "{ projects(first: 3) { title team { role } } }"
            healthy = await gateway.execute(query)
            assert "errors" not in healthy
            proxy.cut()
            result = await asyncio.wait_for(gateway.execute(query), 10)
        finally:
            await proxy.close()
    # team is [Placement!]! on a non-null Project in a non-null list: the whole field is gone
    assert result["data"] is None
    (error,) = result["errors"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "teams"}
    assert error["path"] == ["projects"], "the list whose items lack their team"


async def test_an_unreachable_subgraph_leaves_other_fields_answered(supergraph: Supergraph) -> None:
    async with over_http(supergraph) as (gateway, _):
        gateway.transports["crew"] = _unreachable("crew")  # type: ignore[index]
        result = await gateway.execute(
            f'{{ projects(first: 2) {{ title }} person(id: "{PROJECT_ROWS[0].mentor_id}") '
            "{ name } placements(first: 1) { role } }"
        )
    assert result["data"] == {
        "projects": [{"title": r.title} for r in PROJECT_ROWS[:2]],
        "person": None,
        "placements": [{"role": "lead"}],
    }
    (error,) = result["errors"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "crew"}
    assert error["path"] == ["person"]


async def test_each_root_field_of_an_unreachable_subgraph_gets_its_error(
    supergraph: Supergraph,
) -> None:
    async with over_http(supergraph) as (gateway, _):
        gateway.transports["crew"] = _unreachable("crew")  # type: ignore[index]
        result = await gateway.execute(
            f'{{ someone: person(id: "{PROJECT_ROWS[0].mentor_id}") {{ name }} '
            "people(first: 2) { name } }"
        )
    assert result["data"] is None, "people is a non-null list"
    assert sorted(error["path"] for error in result["errors"]) == [["people"], ["someone"]]
    assert {error["extensions"]["serviceName"] for error in result["errors"]} == {"crew"}


async def test_a_query_for_one_unreachable_subgraph_answers_its_nullable_field_with_null(
    supergraph: Supergraph,
) -> None:
    async with over_http(supergraph) as (gateway, _):
        gateway.transports["crew"] = _unreachable("crew")  # type: ignore[index]
        query = f'{{ person(id: "{PROJECT_ROWS[0].mentor_id}") {{ name }} }}'
        assert gateway.plan(gateway.prepare(query), None, {}).plan.passthrough
        result = await gateway.execute(query)
    assert result["data"] == {"person": None}
    (error,) = result["errors"]
    assert error["path"] == ["person"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "crew"}


def _unreachable(name: str) -> HttpTransport:
    """A transport to a port nobody listens on."""
    return HttpTransport(name, f"http://127.0.0.1:{free_port()}/graphql", timeout=2.0)


async def test_a_slow_subgraph_times_out_instead_of_hanging(supergraph: Supergraph) -> None:
    release = asyncio.Event()

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await release.wait()

    async with over_http(supergraph) as (gateway, _), serving(slow) as url:
        gateway.transports["training"] = HttpTransport(  # type: ignore[index]
            "training", f"{url}/graphql", timeout=0.5
        )
        result = await asyncio.wait_for(
            gateway.execute("{ placements(first: 2) { role cohort { name } } }"), 10
        )
        release.set()
    assert result["data"]["placements"] == [
        {"role": "lead", "cohort": None},
        {"role": "member", "cohort": None},
    ]
    (error,) = result["errors"]
    assert "within 0.5 s" in error["message"]
    assert error["extensions"]["serviceName"] == "training"
    assert error["path"] == ["placements"]


async def test_the_token_is_forwarded_and_checked_again_by_the_subgraph(
    supergraph: Supergraph, token_issuer: TokenIssuer, token_verifier: TokenVerifier
) -> None:
    from lokal_gateway.testing.data import PEOPLE_ROWS

    me = PEOPLE_ROWS[3]
    token = token_issuer.issue(__import__("uuid").UUID(me.id), [Role.MAKER])
    async with over_http(supergraph, verifier=token_verifier) as (gateway, apps):
        result = await gateway.execute(
            f'{{ person(id: "{me.id}") {{ email }} }}',
            headers={"authorization": f"Bearer {token}"},
        )
    assert result == {"data": {"person": {"email": me.email}}}
    assert apps["crew"].seen_authorization[-1] == f"Bearer {token}"


async def test_identical_in_flight_fetches_share_one_request(supergraph: Supergraph) -> None:
    async with over_http(supergraph) as (gateway, _):
        before = sent(gateway)["sites"]
        results = await asyncio.gather(
            *(gateway.execute("{ projects(first: 50) { title } }") for _ in range(20))
        )
        after = sent(gateway)["sites"]
    assert all(r == results[0] for r in results)
    assert after - before < 20


@pytest.mark.parametrize("first", [0, 1])
async def test_empty_and_single_lists(gateway: Gateway, first: int) -> None:
    result = await gateway.execute(DEEP, {"first": first})
    assert len(result["data"]["projects"]) == first
