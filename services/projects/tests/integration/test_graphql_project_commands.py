"""Project commands through the subgraph: who may do what, bad input, illegal transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest

from lokal_kit.auth import Principal
from lokal_projects.domain.project import Project, ProjectStatus
from lokal_projects.service import projects

if TYPE_CHECKING:
    from conftest import Scenario

ESCO = "http://data.europa.eu/esco/skill/"
CREATE = """
mutation ($input: CreateProjectInput!) {
  createProject(input: $input) {
    id title status teamSize openSeats durationMonths plannedStart workMode topic version
    requirements { competence { id } minLevel mustHave }
    seats { index payGroup filled }
    municipality { name }
  }
}
"""
UPDATE = """
mutation ($id: ID!, $input: UpdateProjectInput!) {
  updateProject(id: $id, input: $input) { title teamSize version status mentor { id } }
}
"""


def code(result: Any) -> str:
    assert result.errors, result
    return str(result.errors[0].extensions["code"])


def project_input(municipality_id: object, **changes: Any) -> dict[str, Any]:
    return {
        "municipalityId": str(municipality_id),
        "title": "Prozesslandkarte der Stadtverwaltung",
        "goal": "Die Kernprozesse erfassen und die langsamsten verbessern.",
        "topic": "PROCESS_MODERNISATION",
        "requirements": [
            {"competenceId": ESCO + "98301d4a-2cc3-439d-8d7f-0b6ac76302bb", "minLevel": 3},
            {
                "competenceId": ESCO + "2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f",
                "minLevel": 2,
                "mustHave": False,
            },
        ],
        "seats": ["E12", "E11"],
        "durationMonths": 12,
        "plannedStart": "2027-04-01",
        "workMode": "HYBRID",
        "mentorId": str(uuid4()),
    } | changes


async def command(scenario: Scenario, name: str, principal: Any, project_id: object) -> Any:
    return await scenario.gql(
        f"mutation ($id: ID!) {{ {name}(id: $id) {{ status version }} }}",
        principal,
        id=str(project_id),
    )


async def test_the_kommune_drafts_a_project(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality(name="Görlitz")
    created = await scenario.gql(CREATE, staff, input=project_input(municipality.id))
    assert created.errors is None
    project = created.data["createProject"]
    assert project | {"id": None} == {
        "id": None,
        "title": "Prozesslandkarte der Stadtverwaltung",
        "status": "DRAFT",
        "teamSize": 2,
        "openSeats": 2,
        "durationMonths": 12,
        "plannedStart": "2027-04-01",
        "workMode": "HYBRID",
        "topic": "PROCESS_MODERNISATION",
        "version": 1,
        "requirements": [
            {
                "competence": {"id": ESCO + "98301d4a-2cc3-439d-8d7f-0b6ac76302bb"},
                "minLevel": 3,
                "mustHave": True,
            },
            {
                "competence": {"id": ESCO + "2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"},
                "minLevel": 2,
                "mustHave": False,
            },
        ],
        "seats": [
            {"index": 0, "payGroup": "E12", "filled": False},
            {"index": 1, "payGroup": "E11", "filled": False},
        ],
        "municipality": {"name": "Görlitz"},
    }
    by_programme = await scenario.gql(
        CREATE, scenario.programme, input=project_input(municipality.id)
    )
    assert by_programme.errors is None
    # a draft is the Kommune's own business: nothing is announced yet
    assert [e["type"] for e in await scenario.events() if ".project." in e["type"]] == []


async def test_only_the_kommune_and_the_programme_draft_its_projects(scenario: Scenario) -> None:
    municipality, _ = await scenario.municipality()
    _, other_staff = await scenario.municipality()
    before = await scenario.snapshot()
    for principal, expected in [
        (scenario.anonymous, "UNAUTHENTICATED"),
        (scenario.maker, "FORBIDDEN"),
        (other_staff, "FORBIDDEN"),
    ]:
        result = await scenario.gql(CREATE, principal, input=project_input(municipality.id))
        assert code(result) == expected
    unknown = await scenario.gql(CREATE, scenario.programme, input=project_input(uuid4()))
    assert code(unknown) == "NOT_FOUND"
    assert await scenario.snapshot() == before


BAD_INPUT = [
    ({"durationMonths": 13}, "durationMonths", "6 to 12 months, not 13"),
    ({"durationMonths": 0}, "durationMonths", "not 0"),
    ({"seats": []}, "seats", "team size"),
    ({"seats": ["E11"] * 7}, "seats", "team size"),
    ({"seats": ["E11", "E99"]}, "seats[1]", "not a TVöD pay group"),
    (
        {"requirements": [{"competenceId": ESCO + "x", "minLevel": 5}]},
        "requirements[0].minLevel",
        "levels are 1 to 4",
    ),
    (
        {"requirements": [{"competenceId": ESCO + "x", "minLevel": 0}]},
        "requirements[0].minLevel",
        "levels are 1 to 4",
    ),
    (
        {"requirements": [{"competenceId": "project management", "minLevel": 2}]},
        "requirements[0].competenceId",
        "without spaces",
    ),
    ({"title": "  "}, "title", "at least 1"),
    ({"mentorId": "somebody"}, "mentorId", "UUID"),
    ({"municipalityId": "eschwege"}, "municipalityId", "UUID"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT, ids=lambda v: str(v)[:40])
async def test_bad_project_input_is_refused_and_changes_nothing(
    scenario: Scenario, changes: dict[str, Any], field: str, message: str
) -> None:
    municipality, staff = await scenario.municipality()
    before = await scenario.snapshot()
    result = await scenario.gql(CREATE, staff, input=project_input(municipality.id, **changes))
    assert code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field
    assert message in result.errors[0].message
    assert await scenario.snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"durationMonths": 13}, "durationMonths"),
        ({"seats": []}, "seats"),
        ({"title": ""}, "title"),
    ],
)
async def test_bad_edits_are_refused_and_change_nothing(
    scenario: Scenario, changes: dict[str, Any], field: str
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff)
    before = await scenario.snapshot()
    result = await scenario.gql(UPDATE, staff, id=str(project.id), input=changes)
    assert code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field
    assert await scenario.snapshot() == before


async def test_edits_change_only_what_is_sent(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff)
    edited = await scenario.gql(
        UPDATE, staff, id=str(project.id), input={"title": "Neuer Titel", "seats": ["E13"]}
    )
    assert edited.data["updateProject"] == {
        "title": "Neuer Titel",
        "teamSize": 1,
        "version": 2,
        "status": "DRAFT",
        "mentor": {"id": str(project.details.mentor_id)},
    }
    cleared = await scenario.gql(UPDATE, staff, id=str(project.id), input={"mentorId": None})
    assert cleared.data["updateProject"]["mentor"] is None
    reloaded = await scenario.reload(project.id)
    assert reloaded.details.goal == project.details.goal
    assert reloaded.details.requirements == project.details.requirements


async def test_editing_a_published_project_tells_matching(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    edited = await scenario.gql(
        UPDATE, scenario.programme, id=str(project.id), input={"durationMonths": 10}
    )
    assert edited.data["updateProject"]["version"] == 4
    (updated,) = await scenario.events("projects.project.updated.v1")
    assert updated["aggregateversion"] == 4
    assert updated["data"]["duration_months"] == 10
    assert updated["data"]["state"] == "published"


async def test_the_whole_lifecycle_with_its_events(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff)
    pid = project.id
    assert (await command(scenario, "submitProject", staff, pid)).data == {
        "submitProject": {"status": "SUBMITTED", "version": 2}
    }
    assert (await command(scenario, "publishProject", scenario.programme, pid)).data == {
        "publishProject": {"status": "PUBLISHED", "version": 3}
    }
    makers = await scenario.staff_fully(await scenario.reload(pid))
    assert (await scenario.reload(pid)).status is ProjectStatus.STAFFED
    started = await scenario.gql(
        'mutation ($id: ID!) { startProject(id: $id, startedOn: "2027-03-01") '
        "{ status startedOn } }",
        staff,
        id=str(pid),
    )
    assert started.data == {"startProject": {"status": "RUNNING", "startedOn": "2027-03-01"}}
    too_early = await scenario.gql(
        'mutation ($id: ID!) { completeProject(id: $id, completedOn: "2027-02-01") { status } }',
        staff,
        id=str(pid),
    )
    assert code(too_early) == "BAD_USER_INPUT"
    completed = await scenario.gql(
        'mutation ($id: ID!) { completeProject(id: $id, completedOn: "2028-02-29") '
        "{ status completedOn } }",
        scenario.programme,
        id=str(pid),
    )
    assert completed.data == {
        "completeProject": {"status": "COMPLETED", "completedOn": "2028-02-29"}
    }
    history = [
        (e["type"], e["aggregateversion"])
        for e in await scenario.events()
        if e["subject"] == str(pid)
    ]
    assert history == [
        ("projects.project.submitted.v1", 2),
        ("projects.project.published.v1", 3),
        ("projects.project.staffed.v1", 5),
        ("projects.project.started.v1", 6),
        ("projects.project.completed.v1", 7),
    ]
    (staffed,) = await scenario.events("projects.project.staffed.v1")
    assert sorted(staffed["data"]["member_ids"]) == sorted(str(m) for m in makers)


ILLEGAL = [
    (ProjectStatus.DRAFT, "publishProject", "publish"),
    (ProjectStatus.DRAFT, "startProject", "start"),
    (ProjectStatus.DRAFT, "completeProject", "complete"),
    (ProjectStatus.SUBMITTED, "submitProject", "submit"),
    (ProjectStatus.PUBLISHED, "startProject", "start"),
    (ProjectStatus.PUBLISHED, "completeProject", "complete"),
    (ProjectStatus.PUBLISHED, "publishProject", "publish"),
    (ProjectStatus.CANCELLED, "cancelProject", "cancel"),
    (ProjectStatus.CANCELLED, "updateProject", "edit"),
]


@pytest.mark.parametrize(("state", "mutation", "verb"), ILLEGAL, ids=lambda v: str(v))
async def test_an_illegal_transition_names_state_and_command_and_changes_nothing(
    scenario: Scenario, state: ProjectStatus, mutation: str, verb: str
) -> None:
    municipality, staff = await scenario.municipality()
    initial = ProjectStatus.PUBLISHED if state is ProjectStatus.CANCELLED else state
    project = await scenario.project(municipality, staff, initial)
    if state is ProjectStatus.CANCELLED:
        await command(scenario, "cancelProject", staff, project.id)
    before = await scenario.snapshot()
    if mutation == "updateProject":
        result = await scenario.gql(
            UPDATE, scenario.programme, id=str(project.id), input={"title": "x"}
        )
    else:
        result = await command(scenario, mutation, scenario.programme, project.id)
    assert code(result) == "ILLEGAL_TRANSITION"
    assert result.errors[0].extensions | {"code": None} == {
        "code": None,
        "entity": "project",
        "state": state.value,
        "command": verb,
    }
    assert result.errors[0].message.startswith(f"cannot {verb} a project that is {state.value}")
    assert await scenario.snapshot() == before


async def test_a_kommune_without_accepted_application_cannot_have_projects_published(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality(accepted=False)
    project = await scenario.project(municipality, staff, ProjectStatus.SUBMITTED)
    before = await scenario.snapshot()
    result = await command(scenario, "publishProject", scenario.programme, project.id)
    assert code(result) == "ILLEGAL_TRANSITION"
    assert "no accepted application" in result.errors[0].message
    assert await scenario.snapshot() == before


async def test_a_project_without_required_competences_cannot_be_submitted(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    created = await scenario.gql(
        CREATE, staff, input=project_input(municipality.id, requirements=[])
    )
    result = await command(scenario, "submitProject", staff, created.data["createProject"]["id"])
    assert code(result) == "ILLEGAL_TRANSITION"
    assert "at least one required competence" in result.errors[0].message


@pytest.mark.parametrize(
    ("mutation", "state"),
    [
        ("updateProject", ProjectStatus.DRAFT),
        ("submitProject", ProjectStatus.DRAFT),
        ("publishProject", ProjectStatus.SUBMITTED),
        ("startProject", ProjectStatus.STAFFED),
        ("completeProject", ProjectStatus.RUNNING),
        ("cancelProject", ProjectStatus.PUBLISHED),
    ],
)
async def test_commands_are_refused_to_strangers(
    scenario: Scenario, mutation: str, state: ProjectStatus
) -> None:
    project, staff = await reach(scenario, state)
    _, other_staff = await scenario.municipality()

    async def attempt(principal: Any, project_id: object) -> Any:
        if mutation == "updateProject":
            return await scenario.gql(UPDATE, principal, id=str(project_id), input={"title": "x"})
        return await command(scenario, mutation, principal, project_id)

    before = await scenario.snapshot()
    assert code(await attempt(scenario.anonymous, project.id)) == "UNAUTHENTICATED"
    for principal in (scenario.maker, other_staff):
        assert code(await attempt(principal, project.id)) == "FORBIDDEN"
    if mutation == "publishProject":  # publishing is the programme team's alone
        assert code(await attempt(staff, project.id)) == "FORBIDDEN"
    assert code(await attempt(scenario.programme, uuid4())) == "NOT_FOUND"
    assert await scenario.snapshot() == before


async def reach(scenario: Scenario, state: ProjectStatus) -> tuple[Project, Principal]:
    """A project of a fresh Kommune in `state` (up to running), and the Kommune's staff."""
    municipality, staff = await scenario.municipality()
    initial = (
        state
        if state in (ProjectStatus.DRAFT, ProjectStatus.SUBMITTED)
        else (ProjectStatus.PUBLISHED)
    )
    project = await scenario.project(municipality, staff, initial)
    if state in (ProjectStatus.STAFFED, ProjectStatus.RUNNING):
        await scenario.staff_fully(project)
    if state is ProjectStatus.RUNNING:
        await projects.start_project(scenario.uow(), staff, project.id)
    found = await scenario.reload(project.id)
    assert found.status is state
    return found, staff


async def test_cancelling_is_announced(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    result = await command(scenario, "cancelProject", staff, project.id)
    assert result.data == {"cancelProject": {"status": "CANCELLED", "version": 4}}
    (cancelled,) = await scenario.events("projects.project.cancelled.v1")
    assert cancelled["data"] == {
        "version": 4,
        "project_id": str(project.id),
        "municipality_id": str(municipality.id),
    }
