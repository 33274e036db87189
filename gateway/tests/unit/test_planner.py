"""Plans and their results on the miniature platform (two, three and four subgraphs)."""

from __future__ import annotations

from typing import Any

from lokal_gateway.gateway import Gateway
from lokal_gateway.planning.plan import FetchNode, PlanNode, QueryPlan, SequenceNode
from lokal_gateway.supergraph import Supergraph
from lokal_gateway.testing.data import (
    COHORT_BY_ID,
    HIDDEN_PERSON_ID,
    MUNICIPALITY_BY_ID,
    PERSON_BY_ID,
    PLACEMENT_ROWS,
    PROJECT_BY_ID,
    PROJECT_ROWS,
)
from lokal_gateway.testing.harness import compose_miniature, in_process


def outline(node: PlanNode | None) -> Any:
    """The plan's shape: ("sites", "") for a root fetch, ("crew", "projects.@") for a hop."""
    if node is None:
        return None
    if isinstance(node, FetchNode):
        return (node.service, ".".join(node.path))
    kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
    return (kind, [outline(child) for child in node.nodes])


def plan_of(gateway: Gateway, query: str, variables: dict[str, Any] | None = None) -> QueryPlan:
    prepared = gateway.prepare(query)
    values = gateway.coerce_variables(gateway.operation(prepared, None), variables)
    return gateway.plan(prepared, None, values).plan


def team_of(project_id: str) -> list[Any]:
    return [p for p in PLACEMENT_ROWS if p.project_id == project_id]


async def test_one_subgraph_is_one_fetch_passed_through(gateway: Gateway) -> None:
    query = "{ projects(first: 3) { id title status } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == ("sites", "")
    assert plan.passthrough
    result = await gateway.execute(query)
    assert result == {
        "data": {
            "projects": [
                {"id": r.id, "title": r.title, "status": r.status} for r in PROJECT_ROWS[:3]
            ]
        }
    }


async def test_two_subgraphs_hop_once_through_the_key() -> None:
    gateway = in_process(compose_miniature("sites", "crew"))
    query = "{ projects(first: 4) { title municipality { name staff { name } } } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == ("Sequence", [("sites", ""), ("crew", "projects.@.municipality")])
    hop = plan.fetches()[1]
    assert hop.representation is not None
    assert hop.representation.print() == "{ __typename id }"
    assert "staff { name }" in hop.document
    result = await gateway.execute(query)
    projects = result["data"]["projects"]
    assert [p["title"] for p in projects] == [r.title for r in PROJECT_ROWS[:4]]
    for project, row in zip(projects, PROJECT_ROWS[:4], strict=True):
        assert project["municipality"]["name"] == MUNICIPALITY_BY_ID[row.municipality_id].name
        assert len(project["municipality"]["staff"]) == 2
    assert "errors" not in result


async def test_a_chain_across_three_subgraphs_runs_hop_after_hop(gateway: Gateway) -> None:
    query = "{ projects(first: 3) { title team { role cohort { name startsOn } } } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == (
        "Sequence",
        [("sites", ""), ("teams", "projects.@"), ("training", "projects.@.team.@")],
    )
    result = await gateway.execute(query)
    for project, row in zip(result["data"]["projects"], PROJECT_ROWS[:3], strict=True):
        expected = [
            {
                "role": p.role,
                "cohort": {
                    "name": COHORT_BY_ID[p.cohort_id].name,
                    "startsOn": COHORT_BY_ID[p.cohort_id].starts_on,
                }
                if p.cohort_id
                else None,
            }
            for p in team_of(row.id)
        ]
        assert project == {"title": row.title, "team": expected}


async def test_independent_hops_run_in_parallel(gateway: Gateway) -> None:
    query = "{ projects(first: 2) { municipality { staff { name } } team { role } } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == (
        "Sequence",
        [
            ("sites", ""),
            ("Parallel", [("crew", "projects.@.municipality"), ("teams", "projects.@")]),
        ],
    )


async def test_requires_waits_for_the_required_field(gateway: Gateway) -> None:
    # teams lists the placements, sites has the budget, teams computes the share from it
    query = "{ placements(first: 4) { role project { title costPerMemberCents } } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == (
        "Sequence",
        [("teams", ""), ("sites", "placements.@.project"), ("teams", "placements.@.project")],
    )
    last = plan.fetches()[2]
    assert last.representation is not None
    assert last.representation.print() == "{ __typename id budgetCents }"
    result = await gateway.execute(query)
    for placement, row in zip(result["data"]["placements"], PLACEMENT_ROWS[:4], strict=True):
        project = PROJECT_BY_ID[row.project_id]
        share = project.budget_cents // len(team_of(project.id))
        assert placement["project"] == {"title": project.title, "costPerMemberCents": share}


async def test_requires_from_the_subgraph_already_answering_needs_no_extra_hop(
    gateway: Gateway,
) -> None:
    query = "{ project(id: $id) { costPerMemberCents } }".replace("$id", f'"{PROJECT_ROWS[5].id}"')
    plan = plan_of(gateway, query)
    assert outline(plan.root) == ("Sequence", [("sites", ""), ("teams", "project")])
    assert "budgetCents" in plan.fetches()[0].document
    result = await gateway.execute(query)
    row = PROJECT_ROWS[5]
    assert result["data"]["project"] == {
        "costPerMemberCents": row.budget_cents // len(team_of(row.id))
    }


async def test_provides_skips_the_hop_for_the_provided_field(gateway: Gateway) -> None:
    provided = "{ placements(first: 3) { person { name } } }"
    assert outline(plan_of(gateway, provided).root) == ("teams", "")
    not_provided = "{ placements(first: 3) { person { name skills } } }"
    assert outline(plan_of(gateway, not_provided).root) == (
        "Sequence",
        [("teams", ""), ("crew", "placements.@.person")],
    )
    result = await gateway.execute(not_provided)
    for placement, row in zip(result["data"]["placements"], PLACEMENT_ROWS[:3], strict=True):
        person = PERSON_BY_ID[row.person_id]
        assert placement["person"] == {"name": person.name, "skills": list(person.skills)}


async def test_a_union_hops_per_member_type(gateway: Gateway) -> None:
    query = """
      query Search($term: String!) {
        search(term: $term) {
          __typename
          ... on Project { title team { role } }
          ... on Municipality { name staff { name } }
        }
      }"""
    plan = plan_of(gateway, query, {"term": "1"})
    assert outline(plan.root) == (
        "Sequence",
        [("sites", ""), ("Parallel", [("teams", "search.@"), ("crew", "search.@")])],
    )
    assert {f.entity_type for f in plan.fetches()[1:]} == {"Project", "Municipality"}
    result = await gateway.execute(query, {"term": "1"})
    hits = result["data"]["search"]
    assert {h["__typename"] for h in hits} == {"Project", "Municipality"}
    for hit in hits:
        if hit["__typename"] == "Project":
            assert set(hit) == {"__typename", "title", "team"}
            assert len(hit["team"]) == 2
        else:
            assert set(hit) == {"__typename", "name", "staff"}


async def test_an_interface_answers_shared_fields_locally_and_hops_for_the_rest(
    gateway: Gateway,
) -> None:
    query = "{ listings { id title ... on Project { costPerMemberCents } } }"
    plan = plan_of(gateway, query)
    assert outline(plan.root) == ("Sequence", [("sites", ""), ("teams", "listings.@")])
    result = await gateway.execute(query)
    listings = result["data"]["listings"]
    assert listings[-1] == {"id": "announcement-1", "title": "Welcome"}
    for listing, row in zip(listings[:3], PROJECT_ROWS[:3], strict=True):
        share = row.budget_cents // len(team_of(row.id))
        assert listing == {"id": row.id, "title": row.title, "costPerMemberCents": share}


async def test_named_fragments_aliases_and_typename(gateway: Gateway) -> None:
    query = """
      query { first: projects(first: 1) { ...Card } second: projects(first: 2) { label: title } }
      fragment Card on Project { __typename label: title where: municipality { __typename name } }
    """
    result = await gateway.execute(query)
    row = PROJECT_ROWS[0]
    assert result["data"] == {
        "first": [
            {
                "__typename": "Project",
                "label": row.title,
                "where": {
                    "__typename": "Municipality",
                    "name": MUNICIPALITY_BY_ID[row.municipality_id].name,
                },
            }
        ],
        "second": [{"label": r.title} for r in PROJECT_ROWS[:2]],
    }


async def test_skip_and_include_follow_the_variables_and_key_the_plan(gateway: Gateway) -> None:
    query = """query($withTeam: Boolean!, $noTitle: Boolean!) {
      projects(first: 2) { title @skip(if: $noTitle) team @include(if: $withTeam) { role } }
    }"""
    without = plan_of(gateway, query, {"withTeam": False, "noTitle": False})
    with_team = plan_of(gateway, query, {"withTeam": True, "noTitle": True})
    assert outline(without.root) == ("sites", "")
    assert outline(with_team.root) == ("Sequence", [("sites", ""), ("teams", "projects.@")])
    result = await gateway.execute(query, {"withTeam": True, "noTitle": True})
    assert all(set(p) == {"team"} for p in result["data"]["projects"])
    result = await gateway.execute(query, {"withTeam": False, "noTitle": False})
    assert all(set(p) == {"title"} for p in result["data"]["projects"])


async def test_mutation_root_fields_run_in_document_order(gateway: Gateway) -> None:
    first, second = PROJECT_ROWS[0].id, PROJECT_ROWS[1].id
    query = f"""mutation {{
      a: renameProject(id: "{first}", title: "A") {{ title team {{ role }} }}
      b: renameProject(id: "{second}", title: "B") {{ title }}
    }}"""
    plan = plan_of(gateway, query)
    assert outline(plan.root) == ("Sequence", [("sites", ""), ("teams", "a")])
    assert plan.fetches()[0].document.startswith("mutation")
    result = await gateway.execute(query)
    assert result["data"]["a"]["title"] == "A"
    assert result["data"]["b"] == {"title": "B"}


async def test_errors_inside_entities_land_on_the_client_path(gateway: Gateway) -> None:
    # crew's resolve_reference refuses the hidden person, who mentors one project
    hidden = next(i for i, r in enumerate(PROJECT_ROWS) if r.mentor_id == HIDDEN_PERSON_ID)
    query = f"{{ projects(first: {hidden + 2}) {{ title mentor {{ name }} }} }}"
    result = await gateway.execute(query)
    (error,) = result["errors"]
    assert error["path"] == ["projects", hidden, "mentor"]
    assert error["extensions"] == {"code": "FORBIDDEN", "serviceName": "crew"}
    projects = result["data"]["projects"]
    assert projects[hidden] == {"title": PROJECT_ROWS[hidden].title, "mentor": None}
    assert projects[hidden + 1]["mentor"] == {
        "name": PERSON_BY_ID[PROJECT_ROWS[hidden + 1].mentor_id].name
    }


async def test_a_null_in_a_non_null_position_bubbles_to_the_nearest_nullable(
    gateway: Gateway,
) -> None:
    hidden = next(i for i, r in enumerate(PROJECT_ROWS) if r.mentor_id == HIDDEN_PERSON_ID)
    # Person.skills is non-null, mentor is nullable: the refused mentor stays a plain null
    query = f"{{ projects(first: {hidden + 1}) {{ mentor {{ skills }} }} }}"
    result = await gateway.execute(query)
    assert result["data"]["projects"][hidden] == {"mentor": None}
    assert len(result["errors"]) == 1


async def test_a_field_error_nulls_only_that_field(gateway: Gateway) -> None:
    query = "{ placements(first: 2) { person { name email } } }"
    result = await gateway.execute(query)
    assert [p["person"]["email"] for p in result["data"]["placements"]] == [None, None]
    assert [e["path"] for e in result["errors"]] == [
        ["placements", 0, "person", "email"],
        ["placements", 1, "person", "email"],
    ]
    assert {e["extensions"]["serviceName"] for e in result["errors"]} == {"crew"}


async def test_introspection_is_answered_from_the_api_schema(gateway: Gateway) -> None:
    query = '{ __type(name: "Project") { fields { name } } projects(first: 1) { title } }'
    result = await gateway.execute(query)
    names = {f["name"] for f in result["data"]["__type"]["fields"]}
    assert {"title", "team", "costPerMemberCents", "municipality"} <= names
    assert result["data"]["projects"] == [{"title": PROJECT_ROWS[0].title}]
    assert plan_of(gateway, "{ __schema { queryType { name } } }").root is None


def test_plans_are_cached_by_normalised_document(gateway: Gateway) -> None:
    one = plan_of(gateway, "{ projects { title } }")
    other = plan_of(gateway, "query {\n  projects {\n    title\n  }\n}")
    assert one is other


def test_a_plan_can_be_described(supergraph: Supergraph) -> None:
    gateway = in_process(supergraph)
    text = plan_of(gateway, "{ projects { team { role } } }").describe()
    assert text.startswith("QueryPlan {")
    assert 'Flatten(path: "projects.@")' in text
    assert 'Fetch(service: "teams")' in text


async def test_a_subgraph_answer_nulled_by_one_error_gets_no_second_error(
    gateway: Gateway,
) -> None:
    # sites nulls its whole `data` when the non-null `projects` fails; `municipalities`,
    # fetched in the same request and projected first, is missing for that reason alone
    query = "{ municipalities { name } projects(first: 300) { title } people { name } }"
    result = await gateway.execute(query)
    assert result["data"] is None
    (error,) = result["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "first",
        "serviceName": "sites",
    }
