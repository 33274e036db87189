"""DSGVO: the export of everything held on a person, and erasure without a trace."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from lokal_contracts.demo import demo_id
from lokal_contracts.matching import PlacementConfirmed
from lokal_kit.auth import ANONYMOUS
from lokal_kit.sqltypes import utcnow
from lokal_people.service import erasure, placements

ESCHWEGE = demo_id("municipality", "eschwege")
MY_EXPORT = "{ myDataExport { personId generatedAt people } }"
EXPORT = "query($id: ID!) { personalDataExport(personId: $id) { personId people } }"
ERASE = """
mutation($id: ID!) {
  erasePerson(personId: $id) { id personId participants pendingServices done completedAt }
}"""
STATUS = """
query($id: ID!) {
  erasureRequest(id: $id) {
    pendingServices done completedAt completedServices { service confirmedAt }
  }
}"""


async def test_a_maker_exports_everything_people_holds_on_them(gql, who, makers) -> None:
    person_id, _ = await makers.selected(name="Greta Export", email="greta@example.org")
    result = await gql(MY_EXPORT, who.maker(person_id))
    document = result.data["myDataExport"]
    assert document["personId"] == str(person_id)
    people = document["people"]
    assert people["person"]["name"] == "Greta Export"
    assert people["person"]["email"] == "greta@example.org"
    assert {c["purpose"] for c in people["person"]["consents"]} >= {"talent_pool"}
    assert people["person"]["makerProfile"]["competences"][0]["label"] == (
        "perform project management"
    )
    assert people["application"]["stage"] == "selected"
    assert people["application"]["scorecards"][0]["ratings"][0]["score"] == 3
    assert people["application"]["decision"]["reason"] == "Fits the round."


async def test_the_team_exports_for_a_person_others_may_not(gql, who, makers) -> None:
    person_id, _ = await makers.apply()
    done = await gql(EXPORT, who.programme(), id=str(person_id))
    assert done.data["personalDataExport"]["people"]["person"]["id"] == str(person_id)
    assert (await gql(EXPORT, who.maker(person_id), id=str(person_id))).code == "FORBIDDEN"
    assert (await gql(EXPORT, who.staff(uuid4(), ESCHWEGE), id=str(person_id))).code == "FORBIDDEN"
    assert (await gql(MY_EXPORT, ANONYMOUS)).code == "UNAUTHENTICATED"


@pytest.mark.parametrize("role", ["anonymous", "other maker", "mentor", "staff"])
async def test_only_the_person_or_the_team_may_erase(gql, who, makers, snapshot, role) -> None:
    person_id, _ = await makers.apply()
    principal = {
        "anonymous": ANONYMOUS,
        "other maker": who.maker(),
        "mentor": who.mentor(uuid4(), ESCHWEGE),
        "staff": who.staff(uuid4(), ESCHWEGE),
    }[role]
    before = await snapshot()
    result = await gql(ERASE, principal, id=str(person_id))
    assert result.code == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
    assert await snapshot() == before


async def test_an_erased_maker_leaves_no_name_or_address_in_any_table(
    gql, who, makers, snapshot, uow
) -> None:
    name, email = "Ronja Vergessen", "ronja.vergessen@example.org"
    person_id, _ = await makers.selected(name=name, email=email, phone="+49 551 998877")
    await gql(
        'mutation { updateMyDetails(input: {workEmail: "ronja@hof.example.org"}) { id } }',
        who.maker(person_id),
    )
    async with uow() as unit:
        await placements.placement_confirmed(
            unit,
            PlacementConfirmed(
                placement_id=uuid4(),
                project_id=uuid4(),
                person_id=person_id,
                municipality_id=ESCHWEGE,
                mentor_id=None,
                seat_index=0,
                team_size=1,
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 9, 30),
                pay_group="E11",
                step=1,
                version=1,
            ),
            utcnow(),
        )
        await unit.commit()
    before = repr(await snapshot())
    assert name in before
    assert email in before

    erased = await gql(ERASE, who.maker(person_id), id=str(person_id))
    request = erased.data["erasePerson"]
    assert request["personId"] == str(person_id)
    assert request["pendingServices"] == ["projects", "matching", "learning"]
    assert request["done"] is False

    everything = repr(await snapshot())
    for trace in (name, "Ronja", "Vergessen", email, "ronja@hof.example.org", "998877"):
        assert trace not in everything, trace
    assert "people.person.erased.v1" in everything
    assert (await gql("{ me { id } }", who.maker(person_id))).data == {"me": None}
    again = await gql(ERASE, who.programme(), id=str(person_id))
    assert again.data["erasePerson"]["id"] == request["id"]


async def test_an_erased_interviewer_disappears_from_scorecards_and_decisions(
    gql, who, makers, snapshot
) -> None:
    register = "mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }"
    interviewer = uuid4()
    await gql(
        register,
        who.programme(),
        i={
            "id": str(interviewer),
            "name": "Jonas Interviewer",
            "email": "jonas.i@example.org",
            "roles": ["PROGRAMME"],
        },
    )
    _, application = await makers.apply()
    await makers.advance(application, "SELECTED", who.programme(interviewer))
    assert (await gql(ERASE, who.programme(), id=str(interviewer))).errors == []
    everything = repr(await snapshot())
    assert "Jonas Interviewer" not in everything
    seen = await gql(
        "query($id: ID!) { makerApplication(id: $id) { stage scorecards { interviewer { id } } "
        "decision { decidedBy { id } } } }",
        who.programme(),
        id=str(application),
    )
    assert seen.data["makerApplication"] == {
        "stage": "SELECTED",
        "scorecards": [{"interviewer": None}],
        "decision": {"decidedBy": None},
    }


async def test_an_erasure_is_done_when_every_service_confirmed(gql, who, makers, uow) -> None:
    person_id, _ = await makers.apply()
    erased = await gql(ERASE, who.programme(), id=str(person_id))
    erasure_id = erased.data["erasePerson"]["id"]
    for service in ("matching", "projects", "projects", "nobody"):
        async with uow() as unit:
            await erasure.erasure_confirmed(
                unit, service, uuid4() if service == "nobody" else UUID(erasure_id), utcnow()
            )
            await unit.commit()
    status = await gql(STATUS, who.maker(person_id), id=erasure_id)
    assert status.data["erasureRequest"]["pendingServices"] == ["learning"]
    assert [c["service"] for c in status.data["erasureRequest"]["completedServices"]] == [
        "matching",
        "projects",
    ]
    async with uow() as unit:
        await erasure.erasure_confirmed(unit, "learning", UUID(erasure_id), utcnow())
        await unit.commit()
    done = (await gql(STATUS, who.programme(), id=erasure_id)).data["erasureRequest"]
    assert (done["pendingServices"], done["done"]) == ([], True)
    assert done["completedAt"] is not None
    assert (await gql(STATUS, who.maker(), id=erasure_id)).code == "FORBIDDEN"
    listed = await gql("{ erasureRequests { nodes { id done } } }", who.programme())
    assert listed.data["erasureRequests"]["nodes"] == [{"id": erasure_id, "done": True}]
    assert (await gql("{ erasureRequests { nodes { id } } }", who.maker())).code == "FORBIDDEN"


async def test_erasing_someone_unknown_is_not_found(gql, who) -> None:
    assert (await gql(ERASE, who.programme(), id=str(uuid4()))).code == "NOT_FOUND"
