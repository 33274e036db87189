"""The programme team's person search and the competence catalogue queries."""

from __future__ import annotations

from uuid import uuid4

from lokal_contracts.demo import demo_id
from lokal_kit.auth import ANONYMOUS
from lokal_people.seed import skills

PERSONS = """
query($filter: PersonFilter, $first: Int, $after: String) {
  persons(filter: $filter, first: $first, after: $after) {
    totalCount nodes { name } pageInfo { hasNextPage endCursor }
  }
}"""
COMPETENCES = """
query($prefix: String, $text: String, $type: CompetenceType, $first: Int, $after: String) {
  competences(prefix: $prefix, text: $text, type: $type, first: $first, after: $after) {
    totalCount nodes { id label type } pageInfo { hasNextPage endCursor }
  }
}"""


async def names(gql, who, **filter) -> list[str]:
    result = await gql(PERSONS, who.programme(), filter=filter)
    assert not result.errors, result.errors
    return [n["name"] for n in result.data["persons"]["nodes"]]


async def test_the_team_finds_makers_by_stage_competence_region_and_availability(
    gql, who, makers
) -> None:
    await makers.selected(
        name="Ada Data",
        competences=[{"competenceId": skills.DATA_ANALYSIS, "level": 4}],
        regions={"states": ["14"]},
        availability={"earliestStart": "2027-01-01", "months": 12},
    )
    await makers.selected(
        name="Ben Berlin",
        competences=[{"competenceId": skills.DATA_ANALYSIS, "level": 2}],
        regions={"agsPrefixes": ["06636"]},
        availability={"earliestStart": "2027-06-01", "months": 6, "workload": "PART_TIME"},
    )
    await makers.apply(name="Cem Candidate", regions={"willingToRelocate": True})
    assert await names(gql, who, stage="SELECTED") == ["Ada Data", "Ben Berlin"]
    wanted = [{"competenceId": skills.DATA_ANALYSIS, "minLevel": 3}]
    assert await names(gql, who, competences=wanted) == ["Ada Data"]
    assert await names(gql, who, region="14626110") == ["Ada Data", "Cem Candidate"]
    assert await names(gql, who, region="06") == ["Ben Berlin", "Cem Candidate"]
    assert await names(gql, who, availableBy="2027-03-01") == ["Ada Data", "Cem Candidate"]
    assert await names(gql, who, minMonths=12) == ["Ada Data"]
    assert await names(gql, who, workload="PART_TIME") == ["Ben Berlin"]
    assert await names(gql, who, role="MAKER", name="ben") == ["Ben Berlin"]


async def test_the_search_pages_by_name_and_finds_staff_by_municipality(gql, who, makers) -> None:
    for name in ("Zoe", "Yann", "Xaver"):
        await makers.apply(name=name)
    first = await gql(PERSONS, who.programme(), first=2)
    page = first.data["persons"]
    assert ([n["name"] for n in page["nodes"]], page["totalCount"]) == (["Xaver", "Yann"], 3)
    rest = await gql(PERSONS, who.programme(), first=2, after=page["pageInfo"]["endCursor"])
    assert [n["name"] for n in rest.data["persons"]["nodes"]] == ["Zoe"]
    eschwege = demo_id("municipality", "eschwege")
    await gql(
        "mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        who.programme(),
        i={
            "name": "Uwe Becker",
            "email": "uwe@example.org",
            "roles": ["MUNICIPALITY_STAFF"],
            "municipalityIds": [str(eschwege)],
        },
    )
    assert await names(gql, who, municipalityId=str(eschwege)) == ["Uwe Becker"]


async def test_only_the_team_searches_and_bad_filters_are_named(gql, who) -> None:
    assert (await gql(PERSONS, ANONYMOUS)).code == "UNAUTHENTICATED"
    for principal in (who.maker(), who.mentor(uuid4(), uuid4()), who.staff(uuid4(), uuid4())):
        assert (await gql(PERSONS, principal)).code == "FORBIDDEN"
    for bad, field in (
        ({"region": "99"}, "filter.region"),
        (
            {"competences": [{"competenceId": skills.SQL, "minLevel": 5}]},
            "filter.competences.minLevel",
        ),
        ({"competences": [{"competenceId": "lokal:nothing", "minLevel": 2}]}, "filter.competences"),
    ):
        result = await gql(PERSONS, who.programme(), filter=bad)
        assert (result.code, result.field) == ("BAD_USER_INPUT", field)


async def test_competences_are_found_by_label_prefix_and_by_text(gql) -> None:
    result = await gql(COMPETENCES, prefix="apply change")
    assert [n["label"] for n in result.data["competences"]["nodes"]] == ["apply change management"]
    by_text = await gql(COMPETENCES, text="tender documentation")
    assert "draft tender documentation" in [
        n["label"] for n in by_text.data["competences"]["nodes"]
    ]
    python = await gql(COMPETENCES, prefix="python", type="KNOWLEDGE")
    assert python.data["competences"]["nodes"][0]["id"] == skills.PYTHON
    literal = await gql(COMPETENCES, prefix="%")
    assert literal.data["competences"]["totalCount"] == 0


async def test_competence_pages_follow_on_without_gaps(gql) -> None:
    first = await gql(COMPETENCES, prefix="design", first=3)
    page = first.data["competences"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gql(COMPETENCES, prefix="design", first=100, after=page["pageInfo"]["endCursor"])
    labels = [n["label"] for n in page["nodes"] + rest.data["competences"]["nodes"]]
    assert len(labels) == page["totalCount"] == len(set(labels))
    assert labels == sorted(labels, key=str.casefold)


async def test_single_competences_and_the_role_layer(gql) -> None:
    one = await gql("query($id: ID!) { competence(id: $id) { label } }", id=skills.SQL)
    assert one.data == {"competence": {"label": "SQL"}}
    none = await gql("query($id: ID!) { competence(id: $id) { label } }", id="lokal:none")
    assert none.data == {"competence": None}
    roles = await gql("{ competenceRoles { id label competences { level competence { id } } } }")
    by_id = {r["id"]: r for r in roles.data["competenceRoles"]}
    assert len(by_id) == 10
    security = by_id["it_security"]["competences"]
    assert {"level": 3, "competence": {"id": skills.SECURITY_STRATEGY}} in security
