"""`_entities` checks access exactly like the query path, and batches its loads."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from lokal_contracts.demo import demo_id
from lokal_contracts.matching import PlacementConfirmed, PlacementEnded, PlacementOutcome
from lokal_kit.auth import ANONYMOUS
from lokal_kit.sqltypes import utcnow
from lokal_kit.testing.database import counted_statements
from lokal_people.seed import skills
from lokal_people.service import placements

ESCHWEGE, HOF = demo_id("municipality", "eschwege"), demo_id("municipality", "hof")
PERSON_ENTITIES = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Person {
      id name email phone workEmail preferredLanguage roles consents { purpose }
      competences { level competence { label } } makerProfile { background } stage
    }
  }
}"""
PERSONAL = ("email", "phone", "preferredLanguage", "consents", "makerProfile", "stage")
WORK = ("name", "workEmail", "roles", "competences")


def reps(*ids: UUID) -> list[dict[str, str]]:
    return [{"__typename": "Person", "id": str(i)} for i in ids]


async def place(uow, maker_id: UUID, mentor_id: UUID) -> UUID:
    placement_id = uuid4()
    event = PlacementConfirmed(
        placement_id=placement_id,
        project_id=uuid4(),
        person_id=maker_id,
        municipality_id=ESCHWEGE,
        mentor_id=mentor_id,
        seat_index=0,
        team_size=2,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        pay_group="E13",
        step=2,
        version=3,
    )
    async with uow() as unit:
        await placements.placement_confirmed(unit, event, utcnow())
        await unit.commit()
    return placement_id


async def test_anonymous_and_unrelated_callers_see_no_personal_field(gql, who, makers) -> None:
    maker_id, _ = await makers.selected()
    for principal in (
        ANONYMOUS,
        who.maker(),
        who.staff(uuid4(), ESCHWEGE),
        who.mentor(uuid4(), ESCHWEGE),
    ):
        result = await gql(PERSON_ENTITIES, principal, reps=reps(maker_id))
        assert not result.errors
        entity = result.data["_entities"][0]
        assert entity["id"] == str(maker_id)
        assert all(entity[field] is None for field in PERSONAL + WORK), (principal, entity)


async def test_the_maker_and_the_team_see_everything_through_entities(gql, who, makers) -> None:
    maker_id, _ = await makers.selected()
    for principal in (who.maker(maker_id), who.programme()):
        entity = (await gql(PERSON_ENTITIES, principal, reps=reps(maker_id))).data["_entities"][0]
        assert all(entity[field] is not None for field in (*PERSONAL, "name", "competences"))
        assert entity["workEmail"] is None  # a maker has no work address until one is given


async def test_a_placed_makers_mentor_and_kommune_see_name_competences_work_email_only(
    gql, who, makers, uow
) -> None:
    maker_id, _ = await makers.selected()
    await gql(
        'mutation { updateMyDetails(input: {workEmail: "erika@eschwege.example.org"}) { id } }',
        who.maker(maker_id),
    )
    mentor_id = uuid4()
    placement_id = await place(uow, maker_id, mentor_id)
    for principal in (who.mentor(mentor_id), who.staff(uuid4(), ESCHWEGE)):
        entity = (await gql(PERSON_ENTITIES, principal, reps=reps(maker_id))).data["_entities"][0]
        assert entity["name"] == "Erika Musterfrau"
        assert entity["workEmail"] == "erika@eschwege.example.org"
        assert entity["competences"][0] == {
            "level": 3,
            "competence": {"label": "perform project management"},
        }
        assert all(entity[field] is None for field in PERSONAL), entity
    other_kommune = await gql(PERSON_ENTITIES, who.staff(uuid4(), HOF), reps=reps(maker_id))
    assert other_kommune.data["_entities"][0]["name"] is None
    ended = PlacementEnded(
        placement_id=placement_id,
        project_id=uuid4(),
        person_id=maker_id,
        ended_on=date(2027, 12, 31),
        outcome=PlacementOutcome.COMPLETED,
        version=6,
    )
    async with uow() as unit:
        await placements.placement_ended(unit, ended, utcnow())
        await unit.commit()
    after = await gql(PERSON_ENTITIES, who.mentor(mentor_id), reps=reps(maker_id))
    assert after.data["_entities"][0]["name"] is None


async def test_unknown_and_malformed_references(gql, who) -> None:
    unknown = await gql(PERSON_ENTITIES, who.programme(), reps=reps(uuid4()))
    assert unknown.data["_entities"][0]["name"] is None
    malformed = await gql(
        PERSON_ENTITIES, who.programme(), reps=[{"__typename": "Person", "id": "x"}]
    )
    assert malformed.code == "BAD_USER_INPUT"


async def test_entities_load_in_batches_not_one_query_per_person(gql, who, makers, people) -> None:
    ids = [(await makers.selected())[0] for _ in range(6)]
    await gql(PERSON_ENTITIES, who.programme(), reps=reps(*ids[:2]))
    with counted_statements(people.database) as few:
        await gql(PERSON_ENTITIES, who.programme(), reps=reps(*ids[:2]))
    with counted_statements(people.database) as many:
        result = await gql(PERSON_ENTITIES, who.programme(), reps=reps(*ids))
    assert len(result.data["_entities"]) == 6
    assert len(many) == len(few)


async def test_competence_references_resolve_in_one_query(gql, people) -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Competence { label } } }"
    wanted = [skills.SQL, skills.PYTHON, skills.CHANGE_MANAGEMENT, "lokal:unknown"]
    with counted_statements(people.database) as statements:
        result = await gql(query, r=[{"__typename": "Competence", "id": i} for i in wanted])
    assert result.data["_entities"] == [
        {"label": "SQL"},
        {"label": "Python (computer programming)"},
        {"label": "apply change management"},
        None,
    ]
    assert len([s for s in statements if "FROM competences" in s]) == 1


async def test_a_municipality_lists_its_staff_and_colleagues_see_them(gql, who) -> None:
    register = "mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }"
    ids = []
    for name, role in (("Sabine Koch", "MENTOR"), ("Uwe Becker", "MUNICIPALITY_STAFF")):
        created = await gql(
            register,
            who.programme(),
            i={
                "name": name,
                "email": f"{uuid4().hex[:6]}@example.org",
                "roles": [role],
                "municipalityIds": [str(ESCHWEGE)],
            },
        )
        ids.append(created.data["registerPerson"]["id"])
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Municipality { id staff { id name email } } } }"""
    representation = [{"__typename": "Municipality", "id": str(ESCHWEGE)}]
    colleague = await gql(query, who.staff(uuid4(), ESCHWEGE), r=representation)
    assert colleague.data["_entities"][0]["staff"] == [
        {"id": ids[0], "name": "Sabine Koch", "email": None},
        {"id": ids[1], "name": "Uwe Becker", "email": None},
    ]
    outsider = await gql(query, ANONYMOUS, r=representation)
    assert [s["name"] for s in outsider.data["_entities"][0]["staff"]] == [None, None]


@pytest.mark.parametrize("role", ["anonymous", "maker", "staff"])
async def test_a_data_export_entity_is_only_for_the_person_or_the_team(
    gql, who, makers, role: str
) -> None:
    maker_id, _ = await makers.apply()
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
        ... on PersonalDataExport { personId people } } }"""
    representation = [{"__typename": "PersonalDataExport", "personId": str(maker_id)}]
    principal = {
        "anonymous": ANONYMOUS,
        "maker": who.maker(),
        "staff": who.staff(uuid4(), ESCHWEGE),
    }
    refused = await gql(query, principal[role], r=representation)
    assert refused.code == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
    allowed = await gql(query, who.maker(maker_id), r=representation)
    assert allowed.data["_entities"][0]["people"]["person"]["name"] == "Erika Musterfrau"
