"""Applying as a maker, registering staff, `me`, `person`: every role, and bad input."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from lokal_contracts.demo import demo_id
from lokal_kit.auth import ANONYMOUS
from lokal_people.seed import skills

APPLY = """
mutation($input: ApplyAsMakerInput!) {
  applyAsMaker(input: $input) {
    id name email phone stage roles
    consents { purpose privacyNoticeVersion }
    competences { level years evidence competence { id label } }
    makerProfile { background experienceYears availability { earliestStart months workload }
                   regions { states agsPrefixes willingToRelocate } topics links }
  }
}
"""
REGISTER = """
mutation($input: RegisterPersonInput!) {
  registerPerson(input: $input) { id name email workEmail roles municipalities { id } }
}
"""
ME = "{ me { id name email stage } }"
ESCHWEGE = demo_id("municipality", "eschwege")


async def test_a_maker_applies_and_sees_their_whole_profile(gql, who, maker_input) -> None:
    me = who.maker()
    result = await gql(APPLY, me, input=maker_input(alumniNetwork=True, email="Erika@Example.ORG"))
    assert not result.errors, result.errors
    person = result.data["applyAsMaker"]
    assert person["id"] == str(me.person_id)
    assert person["email"] == "Erika@example.org"
    assert person["phone"] == "+49301234567"
    assert (person["stage"], person["roles"]) == ("APPLIED", ["MAKER"])
    assert {c["purpose"] for c in person["consents"]} == {
        "PROGRAMME_PARTICIPATION",
        "TALENT_POOL",
        "ALUMNI_NETWORK",
    }
    assert person["competences"][0] == {
        "level": 3,
        "years": 5,
        "evidence": "Led a roll-out.",
        "competence": {"id": skills.PROJECT_MANAGEMENT, "label": "perform project management"},
    }
    assert person["makerProfile"]["availability"] == {
        "earliestStart": "2027-02-01",
        "months": 9,
        "workload": "FULL_TIME",
    }
    again = await gql(ME, me)
    assert again.data == {
        "me": {
            "id": str(me.person_id),
            "name": "Erika Musterfrau",
            "email": person["email"],
            "stage": "APPLIED",
        }
    }


async def test_me_needs_a_sign_in_and_is_null_before_registering(gql, who) -> None:
    assert (await gql(ME)).code == "UNAUTHENTICATED"
    assert (await gql(ME, who.maker())).data == {"me": None}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"phone": "ring ring"}, "phone"),
        ({"name": "   "}, "name"),
        ({"preferredLanguage": "Deutsch"}, "preferredLanguage"),
        ({"privacyNoticeVersion": " "}, "privacyNoticeVersion"),
        (
            {"competences": [{"competenceId": skills.PYTHON, "level": 5}]},
            "profile.competences[0].level",
        ),
        (
            {"availability": {"earliestStart": "2027-01-01", "months": 3}},
            "profile.availability.months",
        ),
        (
            {
                "competences": [
                    {"competenceId": "http://data.europa.eu/esco/skill/nope", "level": 2}
                ]
            },
            "profile.competences[0].competenceId",
        ),
        ({"regions": {"states": ["17"]}}, "profile.regions.states"),
        ({"experienceYears": 70}, "profile.experienceYears"),
        ({"links": ["ftp://example.org/cv"]}, "profile.links"),
    ],
)
async def test_bad_input_is_refused_with_its_field_and_changes_nothing(
    gql, who, maker_input, snapshot, overrides: dict[str, Any], field: str
) -> None:
    before = await snapshot()
    result = await gql(APPLY, who.maker(), input=maker_input(**overrides))
    assert result.data is None
    assert (result.code, result.field) == ("BAD_USER_INPUT", field)
    assert result.errors[0]["message"]
    assert await snapshot() == before


async def test_an_e_mail_address_belongs_to_one_person(gql, who, maker_input, snapshot) -> None:
    first = await gql(APPLY, who.maker(), input=maker_input(email="same@example.org"))
    assert not first.errors
    before = await snapshot()
    second = await gql(APPLY, who.maker(), input=maker_input(email="SAME@example.org"))
    assert (second.code, second.field) == ("CONFLICT", "email")
    assert await snapshot() == before


async def test_applying_twice_or_anonymously_is_refused(gql, who, maker_input, makers) -> None:
    person_id, _ = await makers.apply()
    assert (await gql(APPLY, who.maker(person_id), input=maker_input())).code == "CONFLICT"
    assert (await gql(APPLY, ANONYMOUS, input=maker_input())).code == "UNAUTHENTICATED"


def staff_input(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Sabine Koch",
        "email": f"s.{uuid4().hex[:6]}@example.org",
        "roles": ["MENTOR"],
        "municipalityIds": [str(ESCHWEGE)],
        **overrides,
    }


async def test_the_programme_team_registers_mentors_and_staff(gql, who) -> None:
    wanted = uuid4()
    result = await gql(REGISTER, who.programme(), input=staff_input(id=str(wanted)))
    assert not result.errors, result.errors
    person = result.data["registerPerson"]
    assert person["id"] == str(wanted)
    assert person["roles"] == ["MENTOR"]
    assert person["municipalities"] == [{"id": str(ESCHWEGE)}]
    assert person["workEmail"] == person["email"]


@pytest.mark.parametrize("role", ["anonymous", "maker", "mentor", "staff"])
async def test_only_the_programme_team_registers_persons(gql, who, snapshot, role: str) -> None:
    principal = {
        "anonymous": ANONYMOUS,
        "maker": who.maker(),
        "mentor": who.mentor(uuid4(), ESCHWEGE),
        "staff": who.staff(uuid4(), ESCHWEGE),
    }[role]
    before = await snapshot()
    result = await gql(REGISTER, principal, input=staff_input())
    assert result.code == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"municipalityIds": []}, "municipalityIds"),
        ({"roles": ["MAKER"]}, "roles"),
        ({"roles": ["PROGRAMME"]}, "municipalityIds"),
        ({"municipalityIds": ["eschwege"]}, "municipalityIds"),
        ({"email": "koch@"}, "email"),
    ],
)
async def test_registering_with_bad_input_changes_nothing(
    gql, who, snapshot, overrides: dict[str, Any], field: str
) -> None:
    before = await snapshot()
    result = await gql(REGISTER, who.programme(), input=staff_input(**overrides))
    assert (result.code, result.field) == ("BAD_USER_INPUT", field)
    assert await snapshot() == before


SET_ROLES = """
mutation($id: ID!, $roles: [PersonRole!]!, $m: [ID!]!) {
  setPersonRoles(personId: $id, roles: $roles, municipalityIds: $m) { roles municipalities { id } }
}
"""


async def test_the_programme_team_changes_roles_and_memberships(gql, who) -> None:
    created = await gql(REGISTER, who.programme(), input=staff_input())
    person_id = created.data["registerPerson"]["id"]
    goerlitz = str(demo_id("municipality", "goerlitz"))
    changed = await gql(
        SET_ROLES,
        who.programme(),
        id=person_id,
        roles=["MUNICIPALITY_STAFF", "MENTOR"],
        m=[goerlitz],
    )
    assert changed.data == {
        "setPersonRoles": {
            "roles": ["MENTOR", "MUNICIPALITY_STAFF"],
            "municipalities": [{"id": goerlitz}],
        }
    }
    refused = await gql(
        SET_ROLES, who.mentor(UUID(person_id), ESCHWEGE), id=person_id, roles=["PROGRAMME"], m=[]
    )
    assert refused.code == "FORBIDDEN"
    missing = await gql(SET_ROLES, who.programme(), id=str(uuid4()), roles=["PROGRAMME"], m=[])
    assert missing.code == "NOT_FOUND"


PERSON = "query($id: ID!) { person(id: $id) { id name email phone workEmail } }"


async def test_person_shows_the_person_to_themself_and_the_team_only(gql, who, makers) -> None:
    person_id, _ = await makers.apply()
    for principal in (who.maker(person_id), who.programme()):
        result = await gql(PERSON, principal, id=str(person_id))
        assert result.data["person"]["email"].startswith("erika.")
        assert result.data["person"]["phone"] == "+49301234567"
    # others learn nothing, not even whether the person exists
    assert (await gql(PERSON, who.maker(), id=str(person_id))).code == "NOT_FOUND"
    assert (await gql(PERSON, who.staff(uuid4(), ESCHWEGE), id=str(person_id))).code == "NOT_FOUND"
    assert (await gql(PERSON, ANONYMOUS, id=str(person_id))).code == "UNAUTHENTICATED"
    assert (await gql(PERSON, who.programme(), id="42")).code == "BAD_USER_INPUT"
