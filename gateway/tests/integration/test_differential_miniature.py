"""Our gateway and the reference gateway (Hive Gateway) on the miniature platform: same data."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

from testbed.optional import require

from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.execution.transport import HttpTransport, Transport
from lokal_gateway.gateway import Gateway
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint
from lokal_gateway.supergraph import load_supergraph
from lokal_gateway.testing.data import HIDDEN_PERSON_ID, PEOPLE_ROWS, PROJECT_ROWS
from lokal_gateway.testing.differential import Case, compare
from lokal_gateway.testing.harness import sdl_of
from lokal_gateway.testing.platform import miniature
from lokal_gateway.testing.reference import missing_reference, reference_gateway
from lokal_gateway.testing.serving import SubgraphApp, serving
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier

HIDDEN_PROJECT = next(i for i, r in enumerate(PROJECT_ROWS) if r.mentor_id == HIDDEN_PERSON_ID)
ME = PEOPLE_ROWS[4]

CASES = [
    Case("one subgraph", "{ projects(first: 5) { id title status budgetCents } }"),
    Case("variables", "query($n: Int!) { projects(first: $n) { title } }", {"n": 3}),
    Case(
        "enum variable",
        "query($s: ProjectStatus) { projects(first: 20, status: $s) { title status } }",
        {"s": "STAFFED"},
    ),
    Case("aliases", "{ a: projects(first: 1) { t: title } b: projects(first: 2) { id } }"),
    Case("two subgraphs", "{ projects(first: 6) { title municipality { name staff { name } } } }"),
    Case("entity chain", "{ projects(first: 4) { team { role cohort { name startsOn } } } }"),
    Case(
        "four subgraphs",
        """{ projects(first: 8) { title municipality { staff { name skills } }
             team { role person { name skills placements { id } } cohort { name } } } }""",
    ),
    Case("requires", "{ projects(first: 7) { title costPerMemberCents } }"),
    Case("requires through a hop", "{ placements(first: 6) { project { costPerMemberCents } } }"),
    Case("provides", "{ placements(first: 5) { role person { name } } }"),
    Case("provides and more", "{ placements(first: 5) { person { name skills } } }"),
    Case(
        "union",
        """query($t: String!) { search(term: $t) { __typename
             ... on Project { title team { role } }
             ... on Municipality { name staff { name } } } }""",
        {"t": "1"},
    ),
    Case("interface", "{ listings { __typename id title ... on Project { costPerMemberCents } } }"),
    Case(
        "named fragments",
        """{ projects(first: 3) { ...Card } }
           fragment Card on Project { title municipality { ...Place } }
           fragment Place on Municipality { name state }""",
    ),
    Case(
        "skip and include",
        """query($team: Boolean!, $plain: Boolean!) { projects(first: 3) {
             title @skip(if: $plain) team @include(if: $team) { role } } }""",
        {"team": True, "plain": False},
    ),
    Case(
        "typename everywhere",
        "{ __typename projects(first: 2) { __typename team { __typename } } }",
    ),
    Case(
        "error inside _entities",
        f"{{ projects(first: {HIDDEN_PROJECT + 2}) {{ mentor {{ name }} }} }}",
    ),
    Case("field errors in one subgraph", "{ placements(first: 3) { person { name email } } }"),
    Case(
        "own data with a token",
        f'{{ person(id: "{ME.id}") {{ name email placements {{ role }} }} }}',
        role="me",
    ),
    Case("null in a nullable entity", '{ project(id: "nope") { title team { role } } }'),
    Case(
        "mutation then entities",
        f"""mutation {{ renameProject(id: "{PROJECT_ROWS[2].id}", title: "Renamed") {{
             title team {{ role }} }} }}""",
    ),
    Case("empty list", "{ projects(first: 0) { title team { role } } }"),
    Case("bad input", "{ projects(first: 500) { title } }"),
]


@contextlib.asynccontextmanager
async def miniature_over_http(verifier: TokenVerifier) -> AsyncIterator[str]:
    """The four miniature subgraphs on ports; yields the supergraph SDL with their URLs."""
    async with contextlib.AsyncExitStack() as stack:
        sources = []
        for subgraph in miniature():
            app = SubgraphApp(subgraph.schema, subgraph.context_factory, verifier)
            url = await stack.enter_async_context(serving(app))
            sources.append(SubgraphSource(subgraph.name, f"{url}/graphql", sdl_of(subgraph)))
        yield compose(sources)


async def test_our_gateway_answers_like_the_reference_gateway(
    token_issuer: TokenIssuer, token_verifier: TokenVerifier
) -> None:
    require(missing_reference(), "the reference gateway")
    tokens = {"me": token_issuer.issue(uuid.UUID(ME.id), [Role.MAKER])}
    async with miniature_over_http(token_verifier) as sdl:
        supergraph = load_supergraph(sdl)
        transports: dict[str, Transport] = {
            name: HttpTransport(name, graph.url) for name, graph in supergraph.graphs.items()
        }
        gateway = Gateway(supergraph, transports)
        endpoint = GraphQLEndpoint(gateway, EndpointOptions(verifier=token_verifier))
        async with serving(endpoint) as ours, reference_gateway(sdl) as reference:
            differences, answers = await compare(CASES, f"{ours}/graphql", reference, tokens)
        await gateway.close()
    assert differences == []
    assert sum(1 for a in answers if a.get("data")) >= len(CASES) - 1
