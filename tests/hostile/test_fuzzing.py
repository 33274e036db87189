"""Property-based fuzzing of the gateway and of each subgraph, from the schema each serves.

hypothesis-graphql generates queries and mutations (valid ones, and ones with one schema
violation), sent over HTTP anonymously or with a programme or a maker token. Whatever comes
back must be an answer a healthy platform may give: no 5xx, every error with a documented
client code (a masked INTERNAL_SERVER_ERROR is a bug too), no message showing a traceback, an
exception's name, SQL or a file path (`testbed.answers.problems`).

Profiles (HYPOTHESIS_PROFILE): `ci` (the default under CI=true: derandomised, so a failure
reproduces), `dev` (the default elsewhere: the same count, new examples each run) and `long`
(many more examples, for a sweep by hand).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import graphql
import httpx
import hypothesis_graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testbed.answers import problems
from testbed.platform import PlatformUnderTest

from lokal_kit.auth.principal import Role

_COMMON = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
PROFILES = {
    "ci": settings(_COMMON, max_examples=20, derandomize=True),
    "dev": settings(_COMMON, max_examples=20),
    "long": settings(_COMMON, max_examples=1000),
}
PROFILE = PROFILES[
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
]

TARGETS = ("gateway", "people", "projects", "matching", "learning")
IDS = """{
  projects(first: 50) { nodes { id municipality { id } requirements { competence { id } } } }
  persons(first: 50) { nodes { id } }
  placements(first: 20) { nodes { id } }
  cohorts(first: 20) { nodes { id sessions { nodes { id } } } }
  matchingRuns(first: 10) { nodes { id } }
}"""


@dataclass(frozen=True)
class Targets:
    """What the fuzzing needs of the running platform (a short repr: hypothesis prints it)."""

    urls: dict[str, str] = field(repr=False)
    schemas: dict[str, graphql.GraphQLSchema] = field(repr=False)
    ids: list[str] = field(repr=False)
    """Ids of the demo data: generated operations then reach real records, not only misses."""


@pytest.fixture(scope="module")
async def targets(platform: PlatformUnderTest) -> Targets:
    data = await platform.client(platform.demo_token("programme-lena", Role.PROGRAMME))(IDS)
    ids: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id":
                    ids.append(item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    assert len(ids) > 50, "the demo data has projects, people, placements and cohorts"
    urls = {"gateway": platform.gateway_url, **platform.subgraph_urls}
    schemas = {}
    async with httpx.AsyncClient(timeout=60) as http:
        for name, url in urls.items():
            # each target's schema as a client sees it: by introspection over HTTP
            answer = await http.post(url, json={"query": graphql.get_introspection_query()})
            schemas[name] = graphql.build_client_schema(answer.json()["data"])
    return Targets(urls, schemas, sorted(set(ids)))


def _string(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.ValueNode]:
    return values.map(lambda value: graphql.StringValueNode(value=value))


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


def scalars(
    schema: graphql.GraphQLSchema, ids: list[str]
) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Custom scalars, mostly well-formed (to get past parsing into the services), some not."""
    known = st.sampled_from(ids)
    some_id = st.one_of(known, st.uuids().map(str), st.text(max_size=12))
    entity = schema.type_map.get("_Entity")
    entities = sorted(t.name for t in getattr(entity, "types", ())) or ["Nothing"]
    representation = st.builds(
        lambda typename, id_: graphql.ObjectValueNode(
            fields=(
                _field("__typename", graphql.StringValueNode(value=typename)),
                _field("id", graphql.StringValueNode(value=id_)),
            )
        ),
        st.sampled_from([*entities, "NoSuchType"]),
        some_id,
    )
    return {
        "ID": _string(some_id),
        "Date": _string(st.one_of(st.dates().map(str), st.text(max_size=12))),
        "DateTime": _string(
            st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=12))
        ),
        "Time": _string(st.one_of(st.times().map(str), st.text(max_size=8))),
        "Decimal": _string(
            st.one_of(
                st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
                st.text(max_size=8),
            )
        ),
        "JSON": _string(st.sampled_from(["{}", "[]", "null", '{"a": 1}', "not json"])),
        "_Any": st.one_of(
            representation,
            st.just(graphql.ObjectValueNode(fields=())),
            _string(st.text(max_size=8)),
        ),
    }


Generate = Callable[..., st.SearchStrategy[str]]
ROOTS = {"queries": "query_type", "mutations": "mutation_type"}


def operations(kind: str, schema: graphql.GraphQLSchema, ids: list[str]) -> st.SearchStrategy[str]:
    """One root field per document (every field gets its turn; generating is much faster),
    valid or, where the field has a required argument to get wrong, with one violation."""
    generate: Generate = getattr(hypothesis_graphql, kind)
    custom = scalars(schema, ids)
    root = getattr(schema, ROOTS[kind])
    positive, negative = hypothesis_graphql.Mode.POSITIVE, hypothesis_graphql.Mode.NEGATIVE
    choices = [(name, positive) for name in sorted(root.fields)]
    choices += [
        (name, negative)
        for name, definition in sorted(root.fields.items())
        if any(graphql.is_required_argument(a) for a in definition.args.values())
    ]
    return st.sampled_from(choices).flatmap(
        lambda chosen: generate(schema, fields=[chosen[0]], custom_scalars=custom, mode=chosen[1])
    )


@pytest.mark.parametrize("kind", ["queries", "mutations"])
@pytest.mark.parametrize("target", TARGETS)
@PROFILE
@given(data=st.data())
async def test_no_generated_operation_gets_an_internal_error(
    platform: PlatformUnderTest, targets: Targets, target: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(operations(kind, targets.schemas[target], targets.ids), label="document")
    holder = data.draw(st.sampled_from(["anonymous", "programme-lena", "maker-01"]), label="as")
    token = {
        "anonymous": None,
        "programme-lena": platform.demo_token("programme-lena", Role.PROGRAMME),
        "maker-01": platform.demo_token("maker-01", Role.MAKER),
    }[holder]
    status, body = await platform.client(token, targets.urls[target]).raw(document)
    assert not problems(status, body), (problems(status, body), body)
