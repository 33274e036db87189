"""A person edits their details, consents and maker profile; others cannot."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from lokal_kit.auth import ANONYMOUS
from lokal_people.adapters import tables
from lokal_people.seed import skills

DETAILS = """
mutation($input: PersonDetailsInput!) {
  updateMyDetails(input: $input) { name email phone workEmail preferredLanguage }
}"""
PROFILE = """
mutation($input: MakerProfileInput!) {
  updateMyMakerProfile(input: $input) {
    competences { level competence { id } }
    makerProfile { experienceYears availability { months earliestStart } topics }
  }
}"""
CONSENT = """
mutation($purpose: ConsentPurpose!, $version: String!) {
  giveConsent(purpose: $purpose, privacyNoticeVersion: $version) {
    consents { purpose privacyNoticeVersion withdrawnAt }
  }
}"""
WITHDRAW = """
mutation($purpose: ConsentPurpose!) {
  withdrawConsent(purpose: $purpose) { consents { purpose withdrawnAt } }
}"""


async def outbox_types(people) -> list[str]:
    async with people.database.engine.connect() as connection:
        rows = await connection.execute(
            select(tables.messaging.outbox.c.event_type).order_by(
                tables.messaging.outbox.c.position
            )
        )
        return list(rows.scalars())


async def test_a_person_updates_their_details(gql, who, makers) -> None:
    person_id, _ = await makers.apply()
    result = await gql(
        DETAILS,
        who.maker(person_id),
        input={
            "name": "Erika Beispiel",
            "phone": "",
            "workEmail": "e.beispiel@example.org",
            "preferredLanguage": "en",
        },
    )
    assert result.data["updateMyDetails"]["name"] == "Erika Beispiel"
    assert result.data["updateMyDetails"]["phone"] is None
    assert result.data["updateMyDetails"]["workEmail"] == "e.beispiel@example.org"
    assert result.data["updateMyDetails"]["preferredLanguage"] == "en"


async def test_bad_details_change_nothing(gql, who, makers, snapshot) -> None:
    person_id, _ = await makers.apply()
    await makers.apply(email="taken@example.org")
    before = await snapshot()
    for given, field, code in (
        ({"email": "nope"}, "email", "BAD_USER_INPUT"),
        ({"email": "Taken@example.org"}, "email", "CONFLICT"),
        ({"name": ""}, "name", "BAD_USER_INPUT"),
        ({"workEmail": "a@b"}, "workEmail", "BAD_USER_INPUT"),
    ):
        result = await gql(DETAILS, who.maker(person_id), input=given)
        assert (result.code, result.field) == (code, field)
    assert (await gql(DETAILS, ANONYMOUS, input={"name": "X"})).code == "UNAUTHENTICATED"
    assert (await gql(DETAILS, who.programme(), input={"name": "X"})).code == "NOT_FOUND"
    assert await snapshot() == before


async def test_profile_changes_of_an_applicant_are_not_announced(gql, who, makers, people) -> None:
    person_id, _ = await makers.apply()
    result = await gql(PROFILE, who.maker(person_id), input={"experienceYears": 8})
    assert result.data["updateMyMakerProfile"]["makerProfile"]["experienceYears"] == 8
    assert "people.profile.updated.v1" not in await outbox_types(people)


async def test_profile_changes_of_a_selected_maker_are_announced(gql, who, makers, people) -> None:
    person_id, _ = await makers.selected()
    result = await gql(
        PROFILE,
        who.maker(person_id),
        input={
            "competences": [{"competenceId": skills.SQL, "level": 4}],
            "availability": {"earliestStart": "2027-04-01", "months": 12},
            "topics": ["CLIMATE"],
        },
    )
    assert result.data["updateMyMakerProfile"] == {
        "competences": [{"level": 4, "competence": {"id": skills.SQL}}],
        "makerProfile": {
            "experienceYears": 7,
            "availability": {"months": 12, "earliestStart": "2027-04-01"},
            "topics": ["CLIMATE"],
        },
    }
    assert (await outbox_types(people))[-1] == "people.profile.updated.v1"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"competences": [{"competenceId": skills.SQL, "level": 5}]}, "competences[0].level"),
        (
            {"competences": [{"competenceId": "lokal:unknown", "level": 2}]},
            "competences[0].competenceId",
        ),
        ({"availability": {"earliestStart": "2027-01-01", "months": 3}}, "availability.months"),
        ({"regions": {"agsPrefixes": ["99"]}}, "regions.agsPrefixes"),
    ],
)
async def test_bad_profile_input_changes_nothing(gql, who, makers, snapshot, given, field) -> None:
    person_id, _ = await makers.selected()
    before = await snapshot()
    result = await gql(PROFILE, who.maker(person_id), input=given)
    assert (result.code, result.field) == ("BAD_USER_INPUT", field)
    assert await snapshot() == before


async def test_only_makers_have_a_profile_to_edit(gql, who) -> None:
    assert (await gql(PROFILE, who.maker(), input={"experienceYears": 1})).code == "NOT_FOUND"
    assert (await gql(PROFILE, ANONYMOUS, input={"experienceYears": 1})).code == "UNAUTHENTICATED"


async def test_consents_are_recorded_with_version_and_withdrawn(gql, who, makers) -> None:
    person_id, _ = await makers.apply()
    me = who.maker(person_id)
    given = await gql(CONSENT, me, purpose="ALUMNI_NETWORK", version="2027-01")
    alumni = [c for c in given.data["giveConsent"]["consents"] if c["purpose"] == "ALUMNI_NETWORK"]
    assert alumni == [
        {"purpose": "ALUMNI_NETWORK", "privacyNoticeVersion": "2027-01", "withdrawnAt": None}
    ]
    withdrawn = await gql(WITHDRAW, me, purpose="ALUMNI_NETWORK")
    alumni = [
        c for c in withdrawn.data["withdrawConsent"]["consents"] if c["purpose"] == "ALUMNI_NETWORK"
    ]
    assert alumni[0]["withdrawnAt"] is not None
    again = await gql(WITHDRAW, me, purpose="ALUMNI_NETWORK")
    assert (again.code, again.field) == ("BAD_USER_INPUT", "purpose")
    blank = await gql(CONSENT, me, purpose="TALENT_POOL", version="")
    assert blank.field == "privacyNoticeVersion"
    assert (await gql(CONSENT, ANONYMOUS, purpose="TALENT_POOL", version="1")).code == (
        "UNAUTHENTICATED"
    )
    assert (await gql(CONSENT, who.maker(uuid4()), purpose="TALENT_POOL", version="1")).code == (
        "NOT_FOUND"
    )
