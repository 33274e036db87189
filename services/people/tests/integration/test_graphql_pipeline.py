"""The pipeline mutations and application queries: every role, illegal moves, bad input."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from lokal_contracts.demo import demo_id
from lokal_kit.auth import ANONYMOUS
from lokal_people.adapters import tables

ESCHWEGE = demo_id("municipality", "eschwege")
SCREEN = "mutation($id: ID!) { startScreening(applicationId: $id) { stage } }"
INTERVIEW = "mutation($id: ID!) { inviteToInterview(applicationId: $id) { stage } }"
SCORE = """
mutation($id: ID!, $ratings: [InterviewRatingInput!]!) {
  recordScorecard(applicationId: $id, ratings: $ratings) {
    scorecards { total interviewer { id } ratings { criterion score note } }
  }
}"""
DECIDE = """
mutation($id: ID!, $outcome: SelectionOutcome!, $reason: String!) {
  decideOnApplication(applicationId: $id, outcome: $outcome, reason: $reason) {
    stage decision { outcome reason decidedBy { id } }
  }
}"""
WITHDRAW = "mutation($id: ID!) { withdrawApplication(applicationId: $id) { stage } }"
APPLICATION = """
query($id: ID!) {
  makerApplication(id: $id) {
    stage person { id } history { stage } scorecards { total } decision { reason }
  }
}"""
APPLICATIONS = """
query($stage: MakerStage, $first: Int, $after: String) {
  makerApplications(stage: $stage, first: $first, after: $after) {
    nodes { id stage } pageInfo { hasNextPage endCursor }
  }
}"""
RATINGS = [
    {"criterion": c, "score": s, "note": f"{c.lower()} ok"}
    for c, s in (
        ("METHODICAL", 4),
        ("SOCIAL", 3),
        ("PERSONAL", 3),
        ("MOTIVATION", 4),
        ("DOMAIN_FIT", 2),
    )
]


def others(who):
    return {
        "anonymous": ANONYMOUS,
        "maker": who.maker(),
        "mentor": who.mentor(uuid4(), ESCHWEGE),
        "staff": who.staff(uuid4(), ESCHWEGE),
    }


async def test_the_programme_team_takes_an_application_to_selection(gql, who, makers) -> None:
    team = who.programme()
    person_id, app = await makers.apply()
    assert (await gql(SCREEN, team, id=str(app))).data == {"startScreening": {"stage": "SCREENING"}}
    assert (await gql(INTERVIEW, team, id=str(app))).data["inviteToInterview"][
        "stage"
    ] == "INTERVIEW"
    scored = await gql(SCORE, team, id=str(app), ratings=RATINGS)
    card = scored.data["recordScorecard"]["scorecards"][0]
    assert card["total"] == 16
    assert card["interviewer"] == {"id": str(team.person_id)}
    assert card["ratings"][4] == {"criterion": "DOMAIN_FIT", "score": 2, "note": "domain_fit ok"}
    decided = await gql(DECIDE, team, id=str(app), outcome="SELECTED", reason="Strong methods.")
    assert decided.data["decideOnApplication"] == {
        "stage": "SELECTED",
        "decision": {
            "outcome": "SELECTED",
            "reason": "Strong methods.",
            "decidedBy": {"id": str(team.person_id)},
        },
    }
    seen = await gql(APPLICATION, team, id=str(app))
    assert [h["stage"] for h in seen.data["makerApplication"]["history"]] == [
        "APPLIED",
        "SCREENING",
        "INTERVIEW",
        "SELECTED",
    ]
    assert seen.data["makerApplication"]["person"] == {"id": str(person_id)}


async def test_the_maker_sees_their_application_but_not_scorecards_or_reasons(
    gql, who, makers
) -> None:
    person_id, app = await makers.apply()
    await makers.advance(app, "SELECTED")
    seen = await gql(APPLICATION, who.maker(person_id), id=str(app))
    assert seen.data["makerApplication"]["stage"] == "SELECTED"
    assert seen.data["makerApplication"]["scorecards"] is None
    assert seen.data["makerApplication"]["decision"] is None
    for role, principal in others(who).items():
        refused = await gql(APPLICATION, principal, id=str(app))
        assert refused.code == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")


@pytest.mark.parametrize("role", ["anonymous", "maker", "mentor", "staff"])
async def test_only_the_programme_team_moves_applications(
    gql, who, makers, snapshot, role: str
) -> None:
    _, app = await makers.apply()
    principal = others(who)[role]
    before = await snapshot()
    for mutation, extra in (
        (SCREEN, {}),
        (INTERVIEW, {}),
        (SCORE, {"ratings": RATINGS}),
        (DECIDE, {"outcome": "SELECTED", "reason": "x"}),
    ):
        result = await gql(mutation, principal, id=str(app), **extra)
        assert result.code == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
    assert (await gql(APPLICATIONS, principal)).code in {"UNAUTHENTICATED", "FORBIDDEN"}
    assert await snapshot() == before


async def test_illegal_moves_and_bad_input_change_nothing(gql, who, makers, snapshot) -> None:
    team = who.programme()
    _, app = await makers.apply()
    before = await snapshot()
    skipped = await gql(INTERVIEW, team, id=str(app))
    assert skipped.code == "ILLEGAL_TRANSITION"
    assert skipped.errors[0]["extensions"]["state"] == "applied"
    early = await gql(DECIDE, team, id=str(app), outcome="SELECTED", reason="keen")
    assert early.code == "ILLEGAL_TRANSITION"
    assert (await gql(SCORE, team, id=str(app), ratings=RATINGS)).code == "ILLEGAL_TRANSITION"
    await makers.advance(app, "INTERVIEW")
    before = await snapshot()
    five = [{**r, "score": 5} if r["criterion"] == "SOCIAL" else r for r in RATINGS]
    assert (await gql(SCORE, team, id=str(app), ratings=five)).field == "ratings.social"
    assert (await gql(SCORE, team, id=str(app), ratings=RATINGS[:3])).field == "ratings"
    blank = await gql(DECIDE, team, id=str(app), outcome="REJECTED", reason="  ")
    assert (blank.code, blank.field) == ("BAD_USER_INPUT", "reason")
    assert (await gql(SCREEN, team, id=str(uuid4()))).code == "NOT_FOUND"
    assert (await gql(SCREEN, team, id="nope")).field == "applicationId"
    assert await snapshot() == before


async def test_a_maker_withdraws_themself_but_not_others(gql, who, makers) -> None:
    person_id, app = await makers.apply()
    _, other_app = await makers.apply()
    assert (await gql(WITHDRAW, who.maker(person_id), id=str(other_app))).code == "FORBIDDEN"
    done = await gql(WITHDRAW, who.maker(person_id), id=str(app))
    assert done.data == {"withdrawApplication": {"stage": "WITHDRAWN"}}
    assert (await gql(WITHDRAW, who.maker(person_id), id=str(app))).code == "ILLEGAL_TRANSITION"


async def test_rejection_records_who_and_why(gql, who, makers, people) -> None:
    team = who.programme()
    _, app = await makers.apply()
    await makers.advance(app, "SCREENING", team)
    result = await gql(DECIDE, team, id=str(app), outcome="REJECTED", reason="Not enough data.")
    assert result.data["decideOnApplication"]["decision"]["decidedBy"] == {
        "id": str(team.person_id)
    }
    async with people.database.engine.connect() as connection:
        row = (await connection.execute(select(tables.maker_applications))).one()
    assert (row.stage, row.decided_by, row.decision_reason) == (
        "rejected",
        team.person_id,
        "Not enough data.",
    )


async def test_applications_are_listed_by_stage_page_by_page(gql, who, makers) -> None:
    team = who.programme()
    ids = [str((await makers.apply())[1]) for _ in range(3)]
    await makers.advance(ids[0], "SCREENING", team)
    first = await gql(APPLICATIONS, team, stage="APPLIED", first=1)
    page = first.data["makerApplications"]
    assert page["pageInfo"]["hasNextPage"] is True
    second = await gql(
        APPLICATIONS, team, stage="APPLIED", first=1, after=page["pageInfo"]["endCursor"]
    )
    listed = page["nodes"] + second.data["makerApplications"]["nodes"]
    assert {n["id"] for n in listed} == set(ids[1:])
    assert second.data["makerApplications"]["pageInfo"]["hasNextPage"] is False
    screening = await gql(APPLICATIONS, team, stage="SCREENING")
    assert screening.data["makerApplications"]["nodes"] == [{"id": ids[0], "stage": "SCREENING"}]
    assert (await gql(APPLICATIONS, team, first=1000)).field == "first"
    assert (await gql(APPLICATIONS, team, after="garbage")).field == "after"
