"""N+1 over the real subgraphs: the same number of subgraph requests for 10 and for 100 projects."""

from __future__ import annotations

from typing import Any

import httpx

from lokal_gateway.execution.transport import HttpTransport

LEARNING_QUERY = """query($first: Int!) { projects(first: $first, filter: {status: PUBLISHED}) {
  nodes { title municipality { name } team { person { name } cohort { title } } } } }"""
QUERY = """query($first: Int!) { projects(first: $first, filter: {status: PUBLISHED}) {
  nodes { title municipality { name } team { state person { name } } } } }"""


def sent(gateway: Any) -> dict[str, int]:
    counts = {}
    for name, transport in gateway.transports.items():
        assert isinstance(transport, HttpTransport)
        counts[name] = transport.requests_sent
    return counts


async def test_one_request_per_hop_for_10_and_100_projects(real_platform: Any) -> None:
    query = LEARNING_QUERY if "learning" in real_platform.services else QUERY
    deltas = []
    async with httpx.AsyncClient(timeout=60) as http:
        for first in (10, 100):
            before = sent(real_platform.gateway)
            response = await http.post(
                real_platform.url,
                json={"query": query, "variables": {"first": first}},
                headers={"authorization": f"Bearer {real_platform.tokens['programme']}"},
            )
            body = response.json()
            assert "errors" not in body, body["errors"]
            projects = body["data"]["projects"]["nodes"]
            assert len(projects) == first
            members = [m for p in projects for m in p["team"]]
            assert len(members) > first // 2
            assert all(m["person"]["name"] for m in members)
            after = sent(real_platform.gateway)
            deltas.append({name: after[name] - before[name] for name in after})
    assert deltas[0] == deltas[1]
    # projects: the list (municipality names come with it); matching: one batch of teams;
    # people: one batch of team members' names; learning: one batch of cohorts
    assert deltas[0]["projects"] == 1
    assert deltas[0]["matching"] == 1
    assert deltas[0]["people"] == 1
    if "learning" in real_platform.services:
        assert deltas[0]["learning"] == 1
