"""The real subgraphs with seeded data, over HTTP, behind our gateway (and the reference one).

The embedded platform (every installed service, demo data seeded and its events settled)
serves each subgraph at /subgraphs/<name>/graphql on a local port. On top of the demo data
the fixture adds PROJECTS published projects through the gateway's mutations, each with a
proposed placement; the first makers' placements are accepted and confirmed (so learning
enrols them in a cohort). Our gateway reaches the subgraphs over HTTP like in production.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from lokal_cli.embedded import EmbeddedPlatform
from lokal_cli.registry import installed_services
from lokal_contracts.demo import demo_id
from lokal_gateway.execution.transport import HttpTransport, Transport
from lokal_gateway.gateway import Gateway
from lokal_gateway.server.app import compose_from
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint
from lokal_gateway.supergraph import load_supergraph
from lokal_gateway.testing.serving import serving
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys, verifier_for
from lokal_kit.settings import ServiceSettings

PROJECTS = 100
CONFIRMED = 8


@dataclass
class RealPlatform:
    platform: EmbeddedPlatform
    supergraph_sdl: str
    gateway: Gateway
    url: str
    """Our gateway over HTTP transports."""
    embedded_url: str
    """The embedded platform's own /graphql: our gateway over the in-process transport."""
    tokens: dict[str, str]
    ids: dict[str, Any] = field(default_factory=dict)

    @property
    def services(self) -> set[str]:
        return set(self.platform.services)


class Client:
    def __init__(self, http: httpx.AsyncClient, url: str, token: str) -> None:
        self.http, self.url, self.token = http, url, token

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> Any:
        response = await self.http.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {token or self.token}"},
        )
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]


@pytest.fixture(scope="session")
async def real_platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RealPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("platform")
    platform = EmbeddedPlatform(data_dir=data_dir, entries=installed_services())
    platform.build()
    settings = ServiceSettings(data_dir=data_dir)
    issuer = TokenIssuer(
        development_keys(data_dir)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    tokens = {"programme": issuer.issue(demo_id("person", "programme-lena"), [Role.PROGRAMME])}
    async with contextlib.AsyncExitStack() as stack:
        base = await stack.enter_async_context(serving(platform.app()))
        urls = {name: f"{base}/subgraphs/{name}/graphql" for name in platform.services}
        transports: dict[str, Transport] = {
            name: HttpTransport(name, url) for name, url in urls.items()
        }
        sdl = await compose_from(transports, urls)
        gateway = Gateway(load_supergraph(sdl), transports)
        stack.push_async_callback(gateway.close)
        verifier = verifier_for(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_url="",
            public_key_file=None,
            data_dir=data_dir,
        )
        ours = await stack.enter_async_context(
            serving(GraphQLEndpoint(gateway, EndpointOptions(verifier=verifier)))
        )
        real = RealPlatform(platform, sdl, gateway, f"{ours}/graphql", f"{base}/graphql", tokens)
        async with httpx.AsyncClient(timeout=60) as http:
            await _populate(real, Client(http, real.url, tokens["programme"]), issuer)
        yield real


async def _populate(real: RealPlatform, gql: Client, issuer: TokenIssuer) -> None:
    template = (
        await gql(
            """{ projects(first: 1, filter: {status: PUBLISHED}) { nodes {
                 municipality { id } requirements { competence { id } minLevel mustHave } } } }"""
        )
    )["projects"]["nodes"][0]
    makers = [
        n["person"]["id"]
        for n in (
            await gql(
                "{ makerApplications(first: 50, stage: SELECTED) { nodes { person { id } } } }"
            )
        )["makerApplications"]["nodes"]
    ]
    assert makers, "the demo data has no selected makers"
    municipality = template["municipality"]["id"]
    mentored = (await gql("{ projects(first: 50) { nodes { id mentor { id } } } }"))["projects"]
    real.ids.update(
        municipality=municipality,
        makers=makers,
        projects=[],
        placements=[],
        mentored=[n["id"] for n in mentored["nodes"] if n["mentor"]],
    )
    for number in range(PROJECTS):
        # a maker holds one placement at a time: each round of makers starts 10 months later
        months = 10 * (number // len(makers))
        start = f"{2027 + months // 12}-{months % 12 + 1:02d}-01"
        project = await gql(
            "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }",
            {
                "i": {
                    "municipalityId": municipality,
                    "title": f"Gateway project {number:03d}",
                    "goal": "Modernise one administrative process end to end.",
                    "topic": "DIGITALISATION",
                    "requirements": [
                        {
                            "competenceId": r["competence"]["id"],
                            "minLevel": r["minLevel"],
                            "mustHave": r["mustHave"],
                        }
                        for r in template["requirements"]
                    ],
                    "seats": ["E11", "E12"],
                    "durationMonths": 9,
                    "plannedStart": start,
                    "workMode": "ON_SITE",
                }
            },
        )
        project_id = project["createProject"]["id"]
        await gql("mutation($id: ID!) { submitProject(id: $id) { id } }", {"id": project_id})
        await gql("mutation($id: ID!) { publishProject(id: $id) { id } }", {"id": project_id})
        real.ids["projects"].append(project_id)
    await real.platform.settle()
    for number, project_id in enumerate(real.ids["projects"]):
        maker = makers[number % len(makers)]
        placement = await gql(
            "mutation($i: ProposePlacementInput!) { proposePlacement(input: $i) { id } }",
            {"i": {"projectId": project_id, "personId": maker, "seatIndex": 0}},
        )
        real.ids["placements"].append(placement["proposePlacement"]["id"])
    staff = issuer.issue(
        uuid.uuid4(), [Role.MUNICIPALITY], municipality_ids=[uuid.UUID(municipality)]
    )
    for number, placement_id in enumerate(real.ids["placements"][: min(CONFIRMED, len(makers))]):
        maker_token = issuer.issue(uuid.UUID(makers[number]), [Role.MAKER])
        await gql(
            "mutation($id: ID!) { acceptPlacement(id: $id) { id } }",
            {"id": placement_id},
            maker_token,
        )
        await gql(
            "mutation($id: ID!) { confirmPlacement(id: $id) { state } }", {"id": placement_id}
        )
        await gql(
            "mutation($id: ID!) { confirmPlacement(id: $id) { state } }",
            {"id": placement_id},
            staff,
        )
    await real.platform.settle()
    real.tokens["maker"] = issuer.issue(uuid.UUID(makers[0]), [Role.MAKER])
    real.tokens["staff"] = staff
