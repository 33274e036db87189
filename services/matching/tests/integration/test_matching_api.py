"""Candidates, recommendations, team proposals, runs, export and entity authorisation."""

from __future__ import annotations

from uuid import uuid4

import pytest
from matching_support import (
    PROGRAMME,
    Feed,
    System,
    data,
    error_code,
    maker_principal,
    published,
    selected,
    staff_principal,
)

from lokal_kit.testing.database import counted_statements

pytestmark = pytest.mark.postgres

CANDIDATES = """
query($reps: [_Any!]!, $near: Boolean!) { _entities(representations: $reps) {
  ... on Project { candidates(first: 10, includeNearMisses: $near) {
    person { id }
    fit { score eligible nearMiss competence availability region topic regionMatch matchedRegion
          weights { competence }
          requirements { competence { id } minLevel mustHave level status } } } } } }"""


def project_ref(project_id: object) -> list[dict[str, str]]:
    return [{"__typename": "Project", "id": str(project_id)}]


async def test_candidates_are_ranked_with_their_explanation(system: System, feed: Feed) -> None:
    strong = selected(competences={"esco:data": 4, "esco:ux": 3})
    weaker = selected(competences={"esco:data": 2}, prefixes=("01",))
    near = selected(competences={"esco:data": 1, "esco:ux": 4})
    project = published()
    await feed([strong, weaker, near, project])
    result = await system.execute(
        PROGRAMME, CANDIDATES, reps=project_ref(project.project_id), near=False
    )
    ranked = data(result)["_entities"][0]["candidates"]
    assert [c["person"]["id"] for c in ranked] == [str(strong.person_id), str(weaker.person_id)]
    best = ranked[0]["fit"]
    assert best["eligible"] is True
    assert best["regionMatch"] == "WISHED_AREA"
    assert best["matchedRegion"] == "06"
    assert [r["status"] for r in best["requirements"]] == ["COVERED", "COVERED"]
    assert ranked[1]["fit"]["requirements"][1] == {
        "competence": {"id": "esco:ux"},
        "minLevel": 2,
        "mustHave": False,
        "level": 0,
        "status": "MISSING",
    }
    with_near = await system.execute(
        PROGRAMME, CANDIDATES, reps=project_ref(project.project_id), near=True
    )
    flags = {
        c["person"]["id"]: c["fit"]["nearMiss"]
        for c in data(with_near)["_entities"][0]["candidates"]
    }
    assert flags[str(near.person_id)] is True
    staff = staff_principal(project.municipality_id)
    refused = await system.execute(
        staff, CANDIDATES, reps=project_ref(project.project_id), near=False
    )
    assert error_code(refused) == "FORBIDDEN"


async def test_a_maker_sees_projects_recommended_to_them_only(system: System, feed: Feed) -> None:
    maker, good, poor = (
        selected(),
        published(),
        published(requirements=(("esco:law", 3, True),)),
    )
    await feed([maker, good, poor])
    query = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Person { recommendedProjects(first: 5) { project { id } fit { score } } } } }"""
    reps = [{"__typename": "Person", "id": str(maker.person_id)}]
    mine = data(await system.execute(maker_principal(maker.person_id), query, reps=reps))
    assert [r["project"]["id"] for r in mine["_entities"][0]["recommendedProjects"]] == [
        str(good.project_id)
    ]
    other = maker_principal(uuid4())
    assert error_code(await system.execute(other, query, reps=reps)) == "FORBIDDEN"


PROPOSE = "mutation($input: ProposePlacementInput!) { proposePlacement(input: $input) { id } }"
PROPOSE_TEAM = """mutation($p: ID!) { proposeTeam(projectId: $p) {
  id solverStatus totalFit members { seatIndex person { id } }
  coverage { mustHaveCovered mustHaveTotal niceToHaveCovered niceToHaveTotal ratio } } }"""


async def test_a_team_proposal_covers_the_project_and_becomes_placements(
    system: System, feed: Feed
) -> None:
    data_only = [selected(competences={"esco:data": 4}) for _ in range(3)]
    ux = selected(competences={"esco:data": 2, "esco:ux": 3})
    project = published(seats=2)
    await feed([*data_only, ux, project])
    proposal = data(await system.execute(PROGRAMME, PROPOSE_TEAM, p=str(project.project_id)))[
        "proposeTeam"
    ]
    assert proposal["solverStatus"] == "OPTIMAL"
    assert proposal["coverage"] == {
        "mustHaveCovered": 1,
        "mustHaveTotal": 1,
        "niceToHaveCovered": 1,
        "niceToHaveTotal": 1,
        "ratio": 1.0,
    }
    members = {m["person"]["id"] for m in proposal["members"]}
    assert str(ux.person_id) in members
    assert sorted(m["seatIndex"] for m in proposal["members"]) == [0, 1]
    adopt = "mutation($id: ID!) { adoptTeamProposal(id: $id) { state person { id } } }"
    placements = data(await system.execute(PROGRAMME, adopt, id=proposal["id"]))[
        "adoptTeamProposal"
    ]
    assert {p["person"]["id"] for p in placements} == members
    assert error_code(await system.execute(PROGRAMME, adopt, id=proposal["id"])) == (
        "ILLEGAL_TRANSITION"
    )
    assert len(await system.outbox("matching.placement.proposed.v1")) == 2


RUN = """mutation { startMatchingRun { id status totalFit coverage baselineTotalFit inputDigest
  makerCount projectCount openSeatCount unfilledSeats { project { id } seatIndex }
  unassignedMakers { id } projects { project { id } filled openSeats }
  proposals { members { person { id } } } } }"""


async def test_a_run_records_what_it_did_and_repeats_itself(system: System, feed: Feed) -> None:
    makers = [
        selected(competences={"esco:data": 2 + k % 3, "esco:ux": 1 + k % 4}) for k in range(7)
    ]
    projects = [
        published(seats=2),
        published(seats=3),
        published(requirements=(("esco:law", 2, True),)),
    ]
    await feed([*makers, *projects])
    first = data(await system.execute(PROGRAMME, RUN))["startMatchingRun"]
    again = data(await system.execute(PROGRAMME, RUN))["startMatchingRun"]
    assert first["inputDigest"] == again["inputDigest"]
    for key in ("totalFit", "coverage", "projects", "unfilledSeats", "unassignedMakers"):
        assert first[key] == again[key]
    assert (first["makerCount"], first["projectCount"], first["openSeatCount"]) == (7, 3, 7)
    assert first["totalFit"] >= first["baselineTotalFit"]
    assert len(first["unassignedMakers"]) == 7 - 5
    assert {s["project"]["id"] for s in first["unfilledSeats"]} == {str(projects[2].project_id)}
    assert error_code(await system.execute(staff_principal(uuid4()), RUN)) == "FORBIDDEN"


async def test_export_and_entities_are_authorised(system: System, feed: Feed) -> None:
    maker, project = selected(), published()
    await feed([maker, project])
    placement = data(
        await system.execute(
            PROGRAMME,
            PROPOSE,
            input={
                "projectId": str(project.project_id),
                "personId": str(maker.person_id),
                "seatIndex": 0,
            },
        )
    )["proposePlacement"]["id"]
    export = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on PersonalDataExport { matching } } }"""
    reps = [{"__typename": "PersonalDataExport", "personId": str(maker.person_id)}]
    document = data(await system.execute(maker_principal(maker.person_id), export, reps=reps))
    held = document["_entities"][0]["matching"]
    assert held["profile"]["person_id"] == str(maker.person_id)
    assert [p["id"] for p in held["placements"]] == [placement]
    assert (
        error_code(await system.execute(maker_principal(uuid4()), export, reps=reps)) == "FORBIDDEN"
    )
    entity = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Placement { id state } } }"""
    refs = [{"__typename": "Placement", "id": placement}]
    assert (
        error_code(await system.execute(maker_principal(uuid4()), entity, reps=refs)) == "FORBIDDEN"
    )
    staff = staff_principal(project.municipality_id)
    assert data(await system.execute(staff, entity, reps=refs))["_entities"] == [
        {"id": placement, "state": "PROPOSED"}
    ]


async def test_teams_of_many_projects_load_in_one_query(system: System, feed: Feed) -> None:
    makers = [selected() for _ in range(4)]
    projects = [published() for _ in range(4)]
    await feed([*makers, *projects])
    for maker, project in zip(makers, projects, strict=True):
        data(
            await system.execute(
                PROGRAMME,
                PROPOSE,
                input={
                    "projectId": str(project.project_id),
                    "personId": str(maker.person_id),
                    "seatIndex": 0,
                },
            )
        )
    query = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Project { team { id state } } } }"""
    reps = [{"__typename": "Project", "id": str(p.project_id)} for p in projects]
    with counted_statements(system.service.database) as statements:
        teams = data(await system.execute(PROGRAMME, query, reps=reps))["_entities"]
    assert [len(t["team"]) for t in teams] == [1, 1, 1, 1]
    assert len([s for s in statements if "FROM placements" in s]) == 1
