"""Composition: the supergraph SDL, the API schema, and every rule with the place it names."""

from __future__ import annotations

import pytest
from graphql import GraphQLObjectType, parse

from lokal_gateway.composition import CompositionError
from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.supergraph import Supergraph, load_supergraph

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
    'import: ["@key", "@external", "@requires", "@provides", "@shareable", "@override", '
    '"@inaccessible", "@tag"])\n'
)
SITES = (
    LINK
    + """
type Query { projects: [Project!]! }
type Project @key(fields: "id") { id: ID! title: String! budget: Int! }
"""
)
TEAMS = (
    LINK
    + """
type Project @key(fields: "id") {
  id: ID!
  budget: Int! @external
  team: [String!]!
  costShare: Int! @requires(fields: "budget")
}
"""
)


def sources(**sdls: str) -> list[SubgraphSource]:
    return [SubgraphSource(name, f"http://{name}/graphql", sdl) for name, sdl in sdls.items()]


def problems(**sdls: str) -> list[tuple[str, str | None, str | None, str | None]]:
    with pytest.raises(CompositionError) as failure:
        compose(sources(**sdls))
    return [(p.rule, p.subgraph, p.type_name, p.field_name) for p in failure.value.problems]


def test_the_miniature_platform_composes_into_a_join_supergraph(supergraph: Supergraph) -> None:
    assert set(supergraph.graphs) == {"sites", "crew", "teams", "training"}
    project = supergraph.types["Project"]
    assert project.keys == {"sites": ["id"], "teams": ["id"]}
    assert project.fields["team"].graphs == ["teams"]
    assert project.fields["costPerMemberCents"].requires == {"teams": "budgetCents"}
    assert project.fields["budgetCents"].graphs == ["sites"]
    assert supergraph.types["Placement"].fields["person"].provides == {"teams": "name"}
    assert supergraph.possible_in("sites", "SearchHit") == {"Project", "Municipality"}
    assert supergraph.possible_in("sites", "Listing") == {"Project", "Announcement"}
    assert '@link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)' in supergraph.sdl


def test_the_api_schema_has_no_routing_machinery(supergraph: Supergraph) -> None:
    schema = supergraph.api_schema
    assert not [
        name
        for name in schema.type_map
        if name.startswith(("join__", "link__", "_")) and not name.startswith("__")
    ]
    assert {d.name for d in schema.directives} == {
        "include",
        "skip",
        "deprecated",
        "specifiedBy",
        "oneOf",
    } & {d.name for d in schema.directives}
    query = schema.query_type
    assert isinstance(query, GraphQLObjectType)
    assert "_entities" not in query.fields
    assert "_service" not in query.fields


def test_a_supergraph_reloads_to_the_same_routing(supergraph: Supergraph) -> None:
    again = load_supergraph(supergraph.sdl)
    assert again.types.keys() == supergraph.types.keys()
    for name, routing in supergraph.types.items():
        assert again.types[name] == routing


def test_requires_and_external_compose() -> None:
    sdl = compose(sources(sites=SITES, teams=TEAMS))
    assert 'costShare: Int! @join__field(graph: TEAMS, requires: "budget")' in sdl
    assert (
        "budget: Int! @join__field(graph: SITES) @join__field(graph: TEAMS, external: true)" in sdl
    )


def test_inaccessible_elements_stay_in_the_supergraph_but_not_in_the_api() -> None:
    hidden = SITES.replace("budget: Int!", "budget: Int! @inaccessible")
    sdl = compose(sources(sites=hidden))
    assert "@inaccessible" in sdl
    project = load_supergraph(sdl).api_schema.get_type("Project")
    assert isinstance(project, GraphQLObjectType)
    assert set(project.fields) == {"id", "title"}


def test_a_key_must_name_real_fields() -> None:
    broken = SITES.replace('@key(fields: "id")', '@key(fields: "uuid")')
    assert ("KEY_INVALID_FIELDS", "sites", "Project", None) in problems(sites=broken)


def test_an_external_field_needs_a_base() -> None:
    assert ("EXTERNAL_MISSING_ON_BASE", "teams", "Project", "budget") in problems(
        sites=SITES.replace("budget: Int!", ""), teams=TEAMS
    )


def test_requires_must_name_external_fields_that_exist() -> None:
    broken = TEAMS.replace('@requires(fields: "budget")', '@requires(fields: "budgetCents")')
    found = problems(sites=SITES, teams=broken)
    assert ("REQUIRES_INVALID_FIELDS", "teams", "Project", "costShare") in found
    not_external = TEAMS.replace("budget: Int! @external", "budget: Int! @shareable").replace(
        '@requires(fields: "budget")', '@requires(fields: "team")'
    )
    assert ("REQUIRES_INVALID_FIELDS", "teams", "Project", "costShare") in problems(
        sites=SITES, teams=not_external
    )


def test_provides_must_name_fields_of_the_returned_type() -> None:
    crew = (
        LINK
        + """
type Query { lead: Person @provides(fields: "nickname") count: Int @provides(fields: "x") }
type Person @key(fields: "id") { id: ID! name: String! @external }
"""
    )
    people = LINK + 'type Person @key(fields: "id") { id: ID! name: String! }\n'
    found = problems(crew=crew, people=people)
    assert ("PROVIDES_INVALID_FIELDS", "crew", "Query", "lead") in found
    assert ("PROVIDES_ON_NON_OBJECT_FIELD", "crew", "Query", "count") in found


def test_a_field_in_two_subgraphs_must_be_shareable() -> None:
    other = LINK + 'type Project @key(fields: "id") { id: ID! title: String! }\n'
    assert ("INVALID_FIELD_SHARING", "sites", "Project", "title") in problems(
        sites=SITES, other=other
    )
    shared = SITES.replace("title: String!", "title: String! @shareable")
    compose(
        sources(sites=shared, other=other.replace("title: String!", "title: String! @shareable"))
    )


def test_override_must_name_a_subgraph_of_the_composition() -> None:
    mover = (
        LINK
        + 'type Project @key(fields: "id") { id: ID! title: String! @override(from: "legacy") }\n'
    )
    assert ("OVERRIDE_SOURCE_UNKNOWN", "mover", "Project", "title") in problems(
        sites=SITES.replace("title: String!", ""), mover=mover
    )
    moved = compose(sources(sites=SITES, mover=mover.replace('from: "legacy"', 'from: "sites"')))
    routing = load_supergraph(moved).types["Project"].fields["title"]
    assert routing.graphs == ["mover"]


def test_type_kinds_must_agree() -> None:
    other = LINK + "type Query { status: Status }\nenum Status { OPEN }\n"
    clash = SITES + "type Status { open: Boolean }\n"
    assert ("TYPE_KIND_MISMATCH", "other", "Status", None) in problems(sites=clash, other=other)


def test_field_types_must_agree() -> None:
    other = LINK + 'type Project @key(fields: "id") { id: ID! budget: String! @shareable }\n'
    shared = SITES.replace("budget: Int!", "budget: Int! @shareable")
    assert ("FIELD_TYPE_MISMATCH", "other", "Project", "budget") in problems(
        sites=shared, other=other
    )


def test_every_field_must_be_reachable_through_keys() -> None:
    # `notes` lives where no key leads: `archive` has no key for Project and no root field to it
    archive = (
        LINK + "type Project @shareable { id: ID! notes: String }\ntype Query { count: Int }\n"
    )
    found = problems(sites=SITES, archive=archive)
    assert ("SATISFIABILITY_ERROR", "archive", "Project", "notes") in found
    keyed = archive.replace("type Project @shareable", 'type Project @key(fields: "id")')
    compose(sources(sites=SITES, archive=keyed))


def test_an_error_names_subgraph_type_field_and_rule() -> None:
    broken = TEAMS.replace('@requires(fields: "budget")', '@requires(fields: "nope")')
    with pytest.raises(CompositionError) as failure:
        compose(sources(sites=SITES, teams=broken))
    message = str(failure.value)
    assert "REQUIRES_INVALID_FIELDS" in message
    assert "[teams]" in message
    assert "Project.costShare" in message


def test_federation_one_subgraphs_are_refused() -> None:
    found = problems(old="type Query { a: Int }")
    assert found == [("UNSUPPORTED_FEDERATION_VERSION", "old", None, None)]


def test_the_printed_supergraph_parses() -> None:
    parse(compose(sources(sites=SITES, teams=TEAMS)))
