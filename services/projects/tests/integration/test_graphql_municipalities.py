"""Municipalities through the subgraph: registering, describing, contacts, listing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest

from lokal_kit.auth import Principal, Role

if TYPE_CHECKING:
    from conftest import Scenario

REGISTER = """
mutation ($input: RegisterMunicipalityInput!) {
  registerMunicipality(input: $input) {
    id ags name kind state stateCode population contacts { id }
  }
}
"""
ESCHWEGE = {
    "ags": "06636003",
    "name": "Eschwege",
    "kind": "CITY",
    "population": 19700,
    "address": "Obermarkt 22, 37269 Eschwege",
    "website": "https://www.eschwege.de",
}


def error_code(result: Any) -> str:
    assert result.errors, result
    return str(result.errors[0].extensions["code"])


async def test_municipality_staff_register_a_kommune_and_become_its_contact(
    scenario: Scenario,
) -> None:
    registrar = Principal(uuid4(), frozenset({Role.MUNICIPALITY}))
    result = await scenario.gql(REGISTER, registrar, input=ESCHWEGE)
    assert result.errors is None
    registered = result.data["registerMunicipality"]
    assert registered | {"id": None} == {
        "id": None,
        "ags": "06636003",
        "name": "Eschwege",
        "kind": "CITY",
        "state": "Hessen",
        "stateCode": "06",
        "population": 19700,
        "contacts": [{"id": str(registrar.person_id)}],
    }
    # the new contact acts for the Kommune before any token names it
    update = await scenario.gql(
        "mutation ($id: ID!) { updateMunicipality(id: $id, input: {population: 19800}) "
        "{ population version } }",
        registrar,
        id=registered["id"],
    )
    assert update.data == {"updateMunicipality": {"population": 19800, "version": 2}}


async def test_the_programme_team_registers_a_kommune_too(scenario: Scenario) -> None:
    result = await scenario.gql(REGISTER, scenario.programme, input=ESCHWEGE)
    assert result.errors is None


@pytest.mark.parametrize(
    ("who", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("maker", "FORBIDDEN")],
)
async def test_others_may_not_register(scenario: Scenario, who: str, code: str) -> None:
    principal = getattr(scenario, who)
    before = await scenario.snapshot()
    result = await scenario.gql(REGISTER, principal, input=ESCHWEGE)
    assert error_code(result) == code
    assert await scenario.snapshot() == before


@pytest.mark.parametrize(
    ("ags", "complaint"),
    [
        ("0663600", "exactly 8 digits"),
        ("06636OO3", "exactly 8 digits"),
        ("17636003", "Land code 01–16"),
        ("00636003", "Land code 01–16"),
    ],
)
async def test_a_wrong_ags_is_refused_and_changes_nothing(
    scenario: Scenario, ags: str, complaint: str
) -> None:
    before = await scenario.snapshot()
    result = await scenario.gql(REGISTER, scenario.programme, input=ESCHWEGE | {"ags": ags})
    assert error_code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == "ags"
    assert complaint in result.errors[0].message
    assert await scenario.snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"population": -5}, "population"),
        ({"website": "eschwege.de"}, "website"),
        ({"name": ""}, "name"),
    ],
)
async def test_a_wrong_profile_is_refused_naming_the_field(
    scenario: Scenario, changes: dict[str, Any], field: str
) -> None:
    before = await scenario.snapshot()
    result = await scenario.gql(REGISTER, scenario.programme, input=ESCHWEGE | changes)
    assert error_code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field
    assert await scenario.snapshot() == before


async def test_the_same_ags_twice_is_a_conflict(scenario: Scenario) -> None:
    await scenario.gql(REGISTER, scenario.programme, input=ESCHWEGE)
    before = await scenario.snapshot()
    result = await scenario.gql(REGISTER, scenario.programme, input=ESCHWEGE | {"name": "Zwei"})
    assert error_code(result) == "CONFLICT"
    assert result.errors[0].extensions["field"] == "ags"
    assert await scenario.snapshot() == before


UPDATE = """
mutation ($id: ID!, $input: UpdateMunicipalityInput!) {
  updateMunicipality(id: $id, input: $input) { name population website version }
}
"""


async def test_staff_and_programme_update_and_others_may_not(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality(name="Hof")
    _, other_staff = await scenario.municipality()
    mid = str(municipality.id)
    ok = await scenario.gql(UPDATE, staff, id=mid, input={"website": "https://www.stadt-hof.de"})
    assert ok.data["updateMunicipality"]["website"] == "https://www.stadt-hof.de"
    ok = await scenario.gql(UPDATE, scenario.programme, id=mid, input={"website": None})
    assert ok.data["updateMunicipality"] == {
        "name": "Hof",
        "population": 10000,
        "website": None,
        "version": 3,
    }
    before = await scenario.snapshot()
    for principal, code in [
        (scenario.anonymous, "UNAUTHENTICATED"),
        (scenario.maker, "FORBIDDEN"),
        (other_staff, "FORBIDDEN"),
    ]:
        refused = await scenario.gql(UPDATE, principal, id=mid, input={"name": "Gekapert"})
        assert error_code(refused) == code
    assert error_code(await scenario.gql(UPDATE, staff, id="not-a-uuid", input={})) == (
        "BAD_USER_INPUT"
    )
    assert error_code(await scenario.gql(UPDATE, staff, id=str(uuid4()), input={})) == ("NOT_FOUND")
    assert await scenario.snapshot() == before


CONTACTS = """
mutation ($m: ID!, $p: ID!) { addMunicipalityContact(municipalityId: $m, personId: $p)
  { contacts { id } } }
"""
REMOVE = """
mutation ($m: ID!, $p: ID!) { removeMunicipalityContact(municipalityId: $m, personId: $p)
  { contacts { id } } }
"""


async def test_contacts_are_managed_by_the_kommune_and_seen_only_by_it(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    _, other_staff = await scenario.municipality()
    colleague = uuid4()
    added = await scenario.gql(CONTACTS, staff, m=str(municipality.id), p=str(colleague))
    ids = [c["id"] for c in added.data["addMunicipalityContact"]["contacts"]]
    assert ids == [str(municipality.contact_ids[0]), str(colleague)]
    again = await scenario.gql(CONTACTS, staff, m=str(municipality.id), p=str(colleague))
    assert error_code(again) == "CONFLICT"
    refused = await scenario.gql(CONTACTS, other_staff, m=str(municipality.id), p=str(uuid4()))
    assert error_code(refused) == "FORBIDDEN"

    # the colleague, now a contact, acts for the Kommune without a token claim
    colleague_principal = Principal(colleague, frozenset({Role.MUNICIPALITY}))
    removed = await scenario.gql(
        REMOVE, colleague_principal, m=str(municipality.id), p=str(municipality.contact_ids[0])
    )
    assert removed.data["removeMunicipalityContact"]["contacts"] == [{"id": str(colleague)}]

    query = "query ($id: ID!) { municipality(id: $id) { name contacts { id } } }"
    for principal in (scenario.anonymous, scenario.maker, other_staff):
        hidden = await scenario.gql(query, principal, id=str(municipality.id))
        assert error_code(hidden) == "FORBIDDEN"
    shown = await scenario.gql(query, scenario.programme, id=str(municipality.id))
    assert shown.data["municipality"]["contacts"] == [{"id": str(colleague)}]


LIST = """
query ($first: Int, $after: String, $filter: MunicipalityFilter) {
  municipalities(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { name ags state acceptedRounds }
  }
}
"""


async def test_anyone_lists_municipalities_by_state_and_name(scenario: Scenario) -> None:
    await scenario.municipality(ags="06636003", name="Eschwege")
    await scenario.municipality(ags="14626110", name="Görlitz", accepted=False)
    await scenario.municipality(ags="14612000", name="Dresden")
    everyone = await scenario.gql(LIST)
    assert everyone.errors is None
    assert [m["name"] for m in everyone.data["municipalities"]["nodes"]] == [
        "Dresden",
        "Eschwege",
        "Görlitz",
    ]
    assert everyone.data["municipalities"]["nodes"][2]["acceptedRounds"] == []
    assert everyone.data["municipalities"]["nodes"][1]["acceptedRounds"] == ["PILOT"]

    saxony = await scenario.gql(LIST, filter={"states": ["14"]})
    assert [m["state"] for m in saxony.data["municipalities"]["nodes"]] == ["Sachsen"] * 2
    by_name = await scenario.gql(LIST, filter={"name": "görl"})
    assert [m["ags"] for m in by_name.data["municipalities"]["nodes"]] == ["14626110"]
    wildcard = await scenario.gql(LIST, filter={"name": "%"})
    assert wildcard.data["municipalities"]["totalCount"] == 0

    first = await scenario.gql(LIST, first=2)
    page = first.data["municipalities"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, True)
    rest = await scenario.gql(LIST, first=2, after=page["pageInfo"]["endCursor"])
    assert [m["name"] for m in rest.data["municipalities"]["nodes"]] == ["Görlitz"]
    assert rest.data["municipalities"]["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"filter": {"states": ["17"]}}, "filter.states"),
        ({"first": 0}, "first"),
        ({"first": 101}, "first"),
        ({"after": "bm9wZQ=="}, "after"),
        ({"after": "%%%"}, "after"),
    ],
)
async def test_bad_listing_arguments_are_refused(
    scenario: Scenario, variables: dict[str, Any], field: str
) -> None:
    result = await scenario.gql(LIST, **variables)
    assert error_code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field


async def test_a_municipality_is_found_by_its_ags(scenario: Scenario) -> None:
    await scenario.municipality(ags="09464000", name="Hof")
    query = "query ($ags: String!) { municipalityByAgs(ags: $ags) { name state } }"
    found = await scenario.gql(query, ags="09464000")
    assert found.data == {"municipalityByAgs": {"name": "Hof", "state": "Bayern"}}
    assert (await scenario.gql(query, ags="09464001")).data == {"municipalityByAgs": None}
    assert error_code(await scenario.gql(query, ags="9464000")) == "BAD_USER_INPUT"
