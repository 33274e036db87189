"""Reading projects: who sees which, the filters of the listing, pages, and the people on them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest

from lokal_kit.auth import Principal, Role
from lokal_projects.domain.details import Requirement
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.domain.values import Topic
from lokal_projects.service import projects

if TYPE_CHECKING:
    from conftest import Scenario

ESCO = "http://data.europa.eu/esco/skill/"
SECURITY = ESCO + "fe1c2b32-7fe9-4668-affa-07ff658a68cf"
GIS = ESCO + "377861af-f966-4c87-a2db-7e99904312b9"

LIST = """
query ($first: Int, $after: String, $filter: ProjectFilter) {
  projects(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { title status }
  }
}
"""
ONE = "query ($id: ID!) { project(id: $id) { title status } }"


def titles(result: Any) -> list[str]:
    assert result.errors is None, result.errors
    return [p["title"] for p in result.data["projects"]["nodes"]]


def code(result: Any) -> str:
    assert result.errors, result
    return str(result.errors[0].extensions["code"])


async def test_drafts_and_submissions_are_seen_by_their_kommune_and_the_programme(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    _, other_staff = await scenario.municipality()
    draft = await scenario.project(municipality, staff, title="Entwurf")
    submitted = await scenario.project(
        municipality, staff, ProjectStatus.SUBMITTED, title="Eingereicht"
    )
    published = await scenario.project(
        municipality, staff, ProjectStatus.PUBLISHED, title="Veröffentlicht"
    )
    cancelled_draft = await scenario.project(municipality, staff, title="Verworfen")
    await projects.cancel_project(scenario.uow(), staff, cancelled_draft.id)
    withdrawn = await scenario.project(
        municipality, staff, ProjectStatus.PUBLISHED, title="Zurückgezogen"
    )
    await projects.cancel_project(scenario.uow(), staff, withdrawn.id)
    contact = Principal(municipality.contact_ids[0])  # a contact person, without any claim

    everything = {"Entwurf", "Eingereicht", "Veröffentlicht", "Verworfen", "Zurückgezogen"}
    public = {"Veröffentlicht", "Zurückgezogen"}
    for principal, expected in [
        (scenario.anonymous, public),
        (scenario.maker, public),
        (other_staff, public),
        (staff, everything),
        (contact, everything),
        (scenario.programme, everything),
    ]:
        assert set(titles(await scenario.gql(LIST, principal))) == expected

    for project in (draft, submitted, cancelled_draft):
        for principal in (scenario.anonymous, scenario.maker, other_staff):
            hidden = await scenario.gql(ONE, principal, id=str(project.id))
            assert hidden.data == {"project": None}
        shown = await scenario.gql(ONE, staff, id=str(project.id))
        assert shown.data["project"]["title"] == project.details.title
    assert (await scenario.gql(ONE, id=str(published.id))).data == {
        "project": {"title": "Veröffentlicht", "status": "PUBLISHED"}
    }
    assert (await scenario.gql(ONE, id=str(uuid4()))).data == {"project": None}
    assert code(await scenario.gql(ONE, id="nope")) == "BAD_USER_INPUT"


async def test_the_listing_filters(scenario: Scenario) -> None:
    hesse, hesse_staff = await scenario.municipality(ags="06636003", name="Eschwege")
    bavaria, bavaria_staff = await scenario.municipality(ags="09464000", name="Hof")
    await scenario.project(
        hesse,
        hesse_staff,
        ProjectStatus.PUBLISHED,
        title="Digitale Antragsstrecken",
        goal="Anträge online stellen.",
        planned_start=date(2027, 1, 1),
        requirements=(Requirement(SECURITY, 3, True),),
    )
    await scenario.project(
        bavaria,
        bavaria_staff,
        ProjectStatus.PUBLISHED,
        title="Wärmeatlas",
        goal="Wärmeplanung mit Daten.",
        topic=Topic.CLIMATE,
        planned_start=date(2027, 6, 1),
        requirements=(Requirement(GIS, 3, True),),
    )
    await scenario.project(
        bavaria,
        bavaria_staff,
        ProjectStatus.SUBMITTED,
        title="Sichere Verwaltung",
        goal="Ein ISMS aufbauen.",
        planned_start=date(2027, 9, 1),
        requirements=(Requirement(SECURITY, 2, True), Requirement(GIS, 1, False)),
    )

    async def filtered(principal: Principal = scenario.programme, **filter: Any) -> list[str]:
        return titles(await scenario.gql(LIST, principal, filter=filter))

    assert await filtered(status=["SUBMITTED"]) == ["Sichere Verwaltung"]
    assert await filtered(states=["09"]) == ["Wärmeatlas", "Sichere Verwaltung"]
    assert await filtered(states=["06", "09"], status=["PUBLISHED"]) == [
        "Digitale Antragsstrecken",
        "Wärmeatlas",
    ]
    assert await filtered(topics=["CLIMATE"]) == ["Wärmeatlas"]
    assert await filtered(competenceIds=[SECURITY]) == [
        "Digitale Antragsstrecken",
        "Sichere Verwaltung",
    ]
    assert await filtered(competenceIds=[SECURITY], principal=scenario.anonymous) == [
        "Digitale Antragsstrecken"
    ]
    assert await filtered(startFrom="2027-02-01", startTo="2027-08-31") == ["Wärmeatlas"]
    assert await filtered(startFrom="2027-06-01") == ["Wärmeatlas", "Sichere Verwaltung"]
    assert await filtered(municipalityId=str(hesse.id)) == ["Digitale Antragsstrecken"]
    assert await filtered(search="isms") == ["Sichere Verwaltung"]
    assert await filtered(search="WÄRME") == ["Wärmeatlas"]
    assert await filtered(search="_") == []


@pytest.mark.parametrize(
    ("filter", "field"),
    [
        ({"states": ["00"]}, "filter.states"),
        ({"startFrom": "2027-02-01", "startTo": "2027-01-01"}, "filter.startTo"),
        ({"municipalityId": "hof"}, "filter.municipalityId"),
        ({"search": "x" * 201}, "filter.search"),
    ],
)
async def test_bad_filters_are_refused(
    scenario: Scenario, filter: dict[str, Any], field: str
) -> None:
    result = await scenario.gql(LIST, filter=filter)
    assert code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field


async def test_pages_follow_the_planned_start_and_are_capped(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    for month in range(1, 6):
        await scenario.project(
            municipality,
            staff,
            ProjectStatus.PUBLISHED,
            title=f"Projekt {month}",
            planned_start=date(2027, month, 1),
        )
    seen: list[str] = []
    after = None
    while True:
        page = (await scenario.gql(LIST, first=2, after=after)).data["projects"]
        assert page["totalCount"] == 5
        seen += [p["title"] for p in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"Projekt {m}" for m in range(1, 6)]
    too_many = await scenario.gql(LIST, first=101)
    assert code(too_many) == "BAD_USER_INPUT"
    assert too_many.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "first", "max": 100}


PEOPLE = """
query ($id: ID!) { project(id: $id) { mentor { id } seats { filled member { id } } } }
"""


async def test_the_mentor_and_team_are_shown_to_kommune_programme_and_team_only(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    _, other_staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED, seats=("E11",))
    (maker,) = await scenario.staff_fully(project)
    team_member = Principal(maker, frozenset({Role.MAKER}))
    expected = {
        "project": {
            "mentor": {"id": str(project.details.mentor_id)},
            "seats": [{"filled": True, "member": {"id": str(maker)}}],
        }
    }
    for principal in (staff, scenario.programme, team_member):
        result = await scenario.gql(PEOPLE, principal, id=str(project.id))
        assert result.errors is None
        assert result.data == expected
    for principal in (scenario.anonymous, scenario.maker, other_staff):
        hidden = await scenario.gql(PEOPLE, principal, id=str(project.id))
        assert {e.extensions["code"] for e in hidden.errors} == {"FORBIDDEN"}
        assert hidden.data == {
            "project": {"mentor": None, "seats": [{"filled": True, "member": None}]}
        }
    public = await scenario.gql(
        "query ($id: ID!) { project(id: $id) { status openSeats seats { payGroup filled } } }",
        id=str(project.id),
    )
    assert public.data == {
        "project": {
            "status": "STAFFED",
            "openSeats": 0,
            "seats": [{"payGroup": "E11", "filled": True}],
        }
    }
