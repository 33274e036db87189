"""Differential tests over the real subgraphs: our gateway and Hive Gateway give the same answers.

Every entity hop of the schema, nested lists across three and four subgraphs, fragments,
variables, aliases, @skip/@include, authorisation errors inside `_entities`, bad input in
one subgraph. `data` must be equal, errors equal after normalising their wording.
A case that needs a service that is not installed says so and does not run.
"""

# ruff: noqa: E501 -- operations stay on the lines a client would write them

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from testbed.optional import require

from lokal_gateway.testing.differential import Case, compare
from lokal_gateway.testing.reference import missing_reference, reference_gateway

Ids = dict[str, Any]


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    variables: Callable[[Ids], dict[str, Any]] = lambda ids: {}
    role: str | None = "programme"
    needs: frozenset[str] = frozenset()
    errors: bool | None = False
    """True: the answer must carry errors; None: it may (the data decides)."""
    extra: dict[str, Any] = field(default_factory=dict)


LEARNING = frozenset({"learning"})
PROJECT_CARD = """fragment ProjectCard on Project {
  id title status topic plannedStart durationMonths
  municipality { ...Place }
}
fragment Place on Municipality { name ags state kind }"""

OPERATIONS = [
    # -- one subgraph, passed through
    Operation("projects page", "{ projects(first: 5) { totalCount nodes { id title status } } }"),
    Operation(
        "project by id with variables",
        "query($id: ID!) { project(id: $id) { title goal teamSize openSeats seats { index payGroup filled } } }",
        lambda ids: {"id": ids["projects"][0]},
    ),
    Operation(
        "municipalities page",
        "{ municipalities(first: 10) { nodes { name ags state kind population } } }",
    ),
    Operation("persons page", "{ persons(first: 8) { nodes { id name roles stage } } }"),
    Operation(
        "competence catalogue",
        '{ competences(first: 5, prefix: "Da") { nodes { id label type } } }',
    ),
    Operation(
        "matching runs",
        "{ matchingRuns(first: 2) { nodes { status makerCount projectCount coverage } } }",
    ),
    Operation(
        "anonymous public projects",
        "{ projects(first: 3, filter: {status: PUBLISHED}) { nodes { title municipality { name } } } }",
        role=None,
    ),
    # -- every entity hop
    Operation(
        "Project.team (projects -> matching)",
        "query($id: ID!) { project(id: $id) { title team { state seatIndex payGroup step } } }",
        lambda ids: {"id": ids["projects"][0]},
    ),
    Operation(
        "Project.mentor (projects -> people)",
        "{ projects(first: 6) { nodes { title mentor { name roles } } } }",
    ),
    Operation(
        "ProjectRequirement.competence (projects -> people)",
        "{ projects(first: 4) { nodes { requirements { minLevel mustHave competence { label type } } } } }",
    ),
    Operation(
        "Municipality.staff (projects -> people)",
        "{ municipalities(first: 5) { nodes { name staff { name roles } } } }",
    ),
    Operation(
        "Municipality.contacts (projects -> people)",
        "{ municipalities(first: 5) { nodes { name contacts { name } } } }",
    ),
    Operation(
        "Project.candidates (projects -> matching -> people)",
        """query($id: ID!) { project(id: $id) { title
             candidates(first: 3, includeNearMisses: true) { fit { score eligible nearMiss } person { name } } } }""",
        lambda ids: {"id": ids["projects"][1]},
    ),
    Operation(
        "Project.proposals (projects -> matching)",
        "{ projects(first: 6, filter: {status: PUBLISHED}) { nodes { title proposals { status totalFit members { seatIndex person { name } } } } } }",
    ),
    Operation(
        "Person.placements (people -> matching -> projects)",
        "query($id: ID!) { person(id: $id) { name placements { state project { title municipality { name } } } } }",
        lambda ids: {"id": ids["makers"][0]},
    ),
    Operation(
        "Person.recommendedProjects (people -> matching -> projects)",
        "query($id: ID!) { person(id: $id) { name recommendedProjects(first: 3) { fit { score } project { title } } } }",
        lambda ids: {"id": ids["makers"][1]},
    ),
    Operation(
        "Person.municipalities (people -> projects)",
        "{ persons(first: 20, filter: {role: MUNICIPALITY_STAFF}) { nodes { name municipalities { name ags } } } }",
    ),
    Operation(
        "Placement.project and person (matching -> projects, people)",
        "{ placements(first: 10) { nodes { state project { title status } person { name stage } } } }",
    ),
    Operation(
        "Placement.mentor (matching -> people)",
        "{ placements(first: 5) { nodes { mentor { name } } } }",
    ),
    Operation(
        "ProjectSeat.member (projects -> people)",
        "{ projects(first: 10) { nodes { seats { index filled member { name } } } } }",
    ),
    Operation(
        "MatchingRun hops (matching -> projects, people)",
        """{ matchingRuns(first: 1) { nodes { projects { filled project { title } }
             unfilledSeats { seatIndex project { title } } unassignedMakers { name } } } }""",
    ),
    Operation(
        "TeamProposal.project (matching -> projects)",
        "{ matchingRuns(first: 1) { nodes { proposals { status project { title municipality { name } } } } } }",
    ),
    Operation(
        "fit requirements' competences (matching -> people)",
        """query($id: ID!) { project(id: $id) { candidates(first: 2) {
             fit { requirements { status level competence { label } } } } } }""",
        lambda ids: {"id": ids["projects"][2]},
    ),
    Operation(
        "MakerApplication.person with competences (people)",
        """{ makerApplications(first: 5, stage: SELECTED) { nodes { stage person { name
             competences { level competence { label } } } } } }""",
    ),
    # -- nested lists across three and four subgraphs
    Operation(
        "projects -> team -> person -> placements (3 subgraphs)",
        """{ projects(first: 20, filter: {status: PUBLISHED}) { nodes { title
             team { state person { name placements { state } } } } } }""",
    ),
    Operation(
        "municipality staff -> recommended projects (3 subgraphs)",
        """{ municipalities(first: 3) { nodes { name
             staff { name recommendedProjects(first: 2) { project { title } } } } } }""",
    ),
    Operation(
        "team members' cohorts (4 subgraphs)",
        """{ projects(first: 30, filter: {status: PUBLISHED}) { nodes { title municipality { name }
             team { person { name } cohort { title period } } } } }""",
        needs=LEARNING,
    ),
    Operation(
        "Person.enrollments and learningProgress (people -> learning)",
        """query($id: ID!) { person(id: $id) { name enrollments { status cohort { title } }
             learningProgress { status mandatoryTotal } } }""",
        lambda ids: {"id": ids["makers"][0]},
        needs=LEARNING,
    ),
    Operation(
        "Placement.cohort (matching -> learning)",
        "{ placements(first: 12) { nodes { state cohort { title startsOn } } } }",
        needs=LEARNING,
    ),
    Operation(
        "cohorts -> enrollments -> person -> placements (4 subgraphs)",
        """{ cohorts(first: 3) { nodes { title enrollments(first: 5) { nodes { status
             person { name placements { project { title } } } } } } } }""",
        needs=LEARNING,
    ),
    # -- the DSGVO export across all services
    Operation(
        "personal data export (people, projects, matching)",
        "query($id: ID!) { personalDataExport(personId: $id) { personId people projects matching } }",
        lambda ids: {"id": ids["makers"][0]},
    ),
    Operation(
        "personal data export with learning",
        "query($id: ID!) { personalDataExport(personId: $id) { personId learning } }",
        lambda ids: {"id": ids["makers"][0]},
        needs=LEARNING,
    ),
    Operation(
        "my own data export as the maker",
        "{ myDataExport { personId people matching projects } }",
        role="maker",
    ),
    # -- fragments, variables, aliases, skip/include, typename
    Operation(
        "named fragments",
        "{ projects(first: 4) { nodes { ...ProjectCard } } }\n" + PROJECT_CARD,
    ),
    Operation(
        "inline fragments and typename",
        """{ projects(first: 3) { __typename nodes { __typename ... on Project { title
             team { __typename ... on Placement { state } } } } } }""",
    ),
    Operation(
        "aliases across subgraphs",
        """query($a: ID!, $b: ID!) { first: project(id: $a) { heading: title crew: team { s: state } }
             second: project(id: $b) { heading: title crew: team { s: state who: person { n: name } } } }""",
        lambda ids: {"a": ids["projects"][0], "b": ids["projects"][1]},
    ),
    Operation(
        "variables in nested arguments",
        """query($first: Int!, $near: Boolean!, $min: Float!) { projects(first: 2, filter: {status: PUBLISHED}) {
             nodes { candidates(first: $first, includeNearMisses: $near, minScore: $min) { fit { score } } } } }""",
        lambda ids: {"first": 2, "near": True, "min": 0.1},
    ),
    Operation(
        "list and enum variables",
        """query($status: [ProjectStatus!], $topics: [ProjectTopic!]) {
             projects(first: 5, filter: {status: $status, topics: $topics}) { nodes { title topic status } } }""",
        lambda ids: {"status": ["PUBLISHED", "DRAFT"], "topics": ["DIGITALISATION"]},
    ),
    Operation(
        "skip and include",
        """query($team: Boolean!, $noMentor: Boolean!) { projects(first: 5) { nodes { title
             team @include(if: $team) { state } mentor @skip(if: $noMentor) { name } } } }""",
        lambda ids: {"team": True, "noMentor": True},
    ),
    Operation(
        "skip and include, the other way round",
        """query($team: Boolean!, $noMentor: Boolean!) { projects(first: 5) { nodes { title
             team @include(if: $team) { state } mentor @skip(if: $noMentor) { name } } } }""",
        lambda ids: {"team": False, "noMentor": False},
    ),
    Operation(
        "introspection mixed with data",
        '{ __type(name: "Placement") { name kind } projects(first: 1) { nodes { title } } }',
    ),
    # -- authorisation and errors inside one subgraph
    Operation(
        "a maker sees their own placements",
        "query($id: ID!) { person(id: $id) { name email placements { state } } }",
        lambda ids: {"id": ids["makers"][0]},
        role="maker",
    ),
    Operation(
        "anonymous callers get no personal data through _entities",
        "query($id: ID!) { project(id: $id) { title mentor { name email } } }",
        lambda ids: {"id": ids["mentored"][0]},
        role=None,
        errors=True,
    ),
    Operation(
        "a maker may not see others' placements",
        "query($id: ID!) { person(id: $id) { name placements { state } } }",
        lambda ids: {"id": ids["makers"][1]},
        role="maker",
        errors=True,
    ),
    Operation(
        "municipality staff and the team of their projects",
        "query($m: ID!) { projects(first: 5, filter: {municipalityId: $m}) { nodes { title team { state person { name } } } } }",
        lambda ids: {"m": ids["municipality"]},
        role="staff",
    ),
    Operation(
        "bad input in one subgraph",
        "{ projects(first: 1000) { nodes { title } } }",
        errors=True,
    ),
    Operation(
        "not found in one subgraph, data from another",
        """query($id: ID!) { placement(id: "00000000-0000-4000-8000-000000000000") { state }
             project(id: $id) { title } }""",
        lambda ids: {"id": ids["projects"][0]},
        errors=True,
    ),
    Operation(
        "a mutation and its entities",
        """mutation($id: ID!) { updateProject(id: $id, input: {goal: "Same goal, said again."}) {
             title goal team { state person { name } } } }""",
        lambda ids: {"id": ids["projects"][5]},
    ),
    Operation(
        "a refused mutation",
        """mutation($id: ID!) { publishProject(id: $id) { status } }""",
        lambda ids: {"id": ids["projects"][6]},
        errors=True,
    ),
]


@pytest.fixture(scope="session")
async def reference_url(real_platform: Any) -> AsyncIterator[str]:
    require(missing_reference(), "the reference gateway")
    async with reference_gateway(real_platform.supergraph_sdl) as url:
        yield url


def test_the_corpus_is_large_enough() -> None:
    assert len(OPERATIONS) >= 40
    assert len({o.name for o in OPERATIONS}) == len(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.name for o in OPERATIONS])
async def test_same_answer_as_the_reference_gateway(
    operation: Operation, real_platform: Any, reference_url: str
) -> None:
    missing = operation.needs - real_platform.services
    if missing:
        require(
            f"needs the {', '.join(sorted(missing))} subgraph, which is not installed",
            "the whole corpus",
        )
    case = Case(
        operation.name, operation.query, operation.variables(real_platform.ids), operation.role
    )
    differences, (ours,) = await compare(
        [case], real_platform.url, reference_url, real_platform.tokens
    )
    assert differences == [], "\n".join(
        f"{d.case}\n  ours: {d.ours}\n  reference: {d.reference}" for d in differences
    )
    if operation.errors:
        assert ours.get("errors"), "the case expects errors"
    elif operation.errors is False:
        assert not ours.get("errors"), ours.get("errors")
        assert ours.get("data"), "no data"
