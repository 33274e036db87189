"""The federation `_entities` path: the same visibility as queries, and the DSGVO export part."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

from lokal_contracts.people import PersonErased
from lokal_kit.auth import Principal, Role
from lokal_kit.testing.events import envelopes
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.service import personal_data

if TYPE_CHECKING:
    from conftest import Scenario

ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Project { id title }
    ... on Municipality { id name }
    ... on PersonalDataExport { personId projects }
    ... on Person { id }
    ... on Competence { id }
  }
}
"""


def project_ref(project_id: object) -> dict[str, Any]:
    return {"__typename": "Project", "id": str(project_id)}


async def test_projects_resolve_as_entities_only_where_the_query_would_show_them(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality(name="Flensburg")
    draft = await scenario.project(municipality, staff, title="Entwurf")
    published = await scenario.project(
        municipality, staff, ProjectStatus.PUBLISHED, title="Öffentlich"
    )
    representations = [
        project_ref(published.id),
        project_ref(draft.id),
        project_ref(uuid4()),
        {"__typename": "Municipality", "id": str(municipality.id)},
        {"__typename": "Person", "id": str(uuid4())},
        {"__typename": "Competence", "id": "http://data.europa.eu/esco/skill/x"},
    ]
    anonymous = await scenario.gql(ENTITIES, representations=representations)
    assert anonymous.errors is None
    entities = anonymous.data["_entities"]
    assert entities[0] == {"id": str(published.id), "title": "Öffentlich"}
    assert entities[1] is None, "a draft stays hidden on the entities path too"
    assert entities[2] is None
    assert entities[3] == {"id": str(municipality.id), "name": "Flensburg"}
    assert entities[4] == {"id": representations[4]["id"]}
    assert entities[5] == {"id": "http://data.europa.eu/esco/skill/x"}

    # (the resolver consumes `__typename` from the representations it is given)
    as_staff = await scenario.gql(
        ENTITIES, staff, representations=[project_ref(published.id), project_ref(draft.id)]
    )
    assert [e["title"] for e in as_staff.data["_entities"]] == ["Öffentlich", "Entwurf"]


EXPORT = {"__typename": "PersonalDataExport"}


async def test_the_export_names_what_projects_holds_on_a_person(scenario: Scenario) -> None:
    person = uuid4()
    registrar = scenario.staff_of(uuid4(), person_id=person)
    municipality, staff = await scenario.municipality(registrar=registrar, name="Halle (Saale)")
    mentored = await scenario.project(
        municipality, staff, ProjectStatus.PUBLISHED, mentor_id=person, title="Open Data"
    )
    other = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED, seats=("E12",))
    (maker,) = await scenario.staff_fully(other)

    own = await scenario.gql(
        ENTITIES, registrar, representations=[EXPORT | {"personId": str(person)}]
    )
    assert own.errors is None
    document = own.data["_entities"][0]["projects"]
    assert document["contactOf"] == [
        {
            "municipalityId": str(municipality.id),
            "name": "Halle (Saale)",
            "ags": municipality.ags.value,
        }
    ]
    assert document["mentorOf"] == [
        {"projectId": str(mentored.id), "title": "Open Data", "status": "published"}
    ]
    assert document["teamMemberships"] == []

    by_programme = await scenario.gql(
        ENTITIES, scenario.programme, representations=[EXPORT | {"personId": str(maker)}]
    )
    (membership,) = by_programme.data["_entities"][0]["projects"]["teamMemberships"]
    assert membership | {"placementId": None} == {
        "projectId": str(other.id),
        "title": other.details.title,
        "placementId": None,
        "seatIndex": 0,
        "payGroup": "E12",
        "startsOn": other.details.planned_start.isoformat(),
        "endsOn": "2028-01-31",
        "endedOn": None,
        "outcome": None,
    }


async def test_the_export_is_for_the_person_and_the_programme_only(scenario: Scenario) -> None:
    person = uuid4()
    for principal, expected in [
        (scenario.anonymous, "UNAUTHENTICATED"),
        (scenario.maker, "FORBIDDEN"),
        (scenario.staff_of(uuid4()), "FORBIDDEN"),
    ]:
        result = await scenario.gql(
            ENTITIES, principal, representations=[EXPORT | {"personId": str(person)}]
        )
        assert result.data == {"_entities": [None]}
        assert result.errors[0].extensions["code"] == expected
    bad = await scenario.gql(
        ENTITIES, scenario.programme, representations=[EXPORT | {"personId": "x"}]
    )
    assert bad.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_after_erasure_the_export_is_empty_and_the_team_keeps_its_seat(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED, seats=("E11",))
    (maker,) = await scenario.staff_fully(project)
    erased = PersonErased(version=1, person_id=maker, erasure_id=uuid4())
    async with scenario.uow() as uow:
        await personal_data.person_erased(erased, envelopes([erased])[0], uow)
        await uow.commit()
    kept = await scenario.reload(project.id)
    assert kept.status is ProjectStatus.STAFFED
    assert [m.person_id for m in kept.members] == [None]
    maker_principal = Principal(maker, frozenset({Role.MAKER}))
    result = await scenario.gql(
        ENTITIES, maker_principal, representations=[EXPORT | {"personId": str(maker)}]
    )
    assert result.data["_entities"][0]["projects"] == {
        "contactOf": [],
        "namedAsMentorIn": [],
        "mentorOf": [],
        "teamMemberships": [],
    }
