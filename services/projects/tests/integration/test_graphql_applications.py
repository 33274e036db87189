"""A Kommune's programme application through the subgraph: apply, review, decide, withdraw."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import pytest

if TYPE_CHECKING:
    from conftest import Scenario

APPLY = """
mutation ($input: ApplyForProgrammeInput!) {
  applyForProgramme(input: $input) { id round status mentor { id } municipality { name } }
}
"""
REVIEW = "mutation ($id: ID!) { reviewMunicipalityApplication(id: $id) { status version } }"
DECIDE = """
mutation ($id: ID!, $decision: MunicipalityApplicationDecision!, $reason: String!) {
  decideMunicipalityApplication(id: $id, decision: $decision, reason: $reason) {
    status decisionReason decidedAt version
  }
}
"""
WITHDRAW = "mutation ($id: ID!) { withdrawMunicipalityApplication(id: $id) { status } }"


def code(result: Any) -> str:
    assert result.errors, result
    return str(result.errors[0].extensions["code"])


def application_input(municipality_id: object, **changes: Any) -> dict[str, Any]:
    return {
        "municipalityId": str(municipality_id),
        "motivation": "Wir wollen die Verwaltung mit Macher*innen modernisieren.",
        "problem": "Anträge auf Papier.",
        "mentorId": str(uuid4()),
    } | changes


async def test_a_kommune_applies_and_the_programme_accepts_with_a_reason(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality(accepted=False, name="Cottbus")
    given = application_input(municipality.id)
    applied = await scenario.gql(APPLY, staff, input=given)
    assert applied.errors is None
    application = applied.data["applyForProgramme"]
    assert application | {"id": None} == {
        "id": None,
        "round": "PILOT",
        "status": "SUBMITTED",
        "mentor": {"id": given["mentorId"]},
        "municipality": {"name": "Cottbus"},
    }
    reviewed = await scenario.gql(REVIEW, scenario.programme, id=application["id"])
    assert reviewed.data["reviewMunicipalityApplication"] == {"status": "IN_REVIEW", "version": 2}
    decided = await scenario.gql(
        DECIDE,
        scenario.programme,
        id=application["id"],
        decision="ACCEPTED",
        reason="Klarer Bedarf und Rückhalt der Verwaltungsspitze.",
    )
    assert decided.errors is None
    assert decided.data["decideMunicipalityApplication"]["status"] == "ACCEPTED"
    assert decided.data["decideMunicipalityApplication"]["decidedAt"] is not None

    (event,) = [
        e
        for e in await scenario.events("projects.application.decided.v1")
        if e["subject"] == application["id"]
    ]
    assert event["data"] == {
        "version": 3,
        "application_id": application["id"],
        "municipality_id": str(municipality.id),
        "decision": "accepted",
        "mentor_id": given["mentorId"],
    }
    rounds = await scenario.gql(
        "query ($id: ID!) { municipality(id: $id) { acceptedRounds } }", id=str(municipality.id)
    )
    assert rounds.data == {"municipality": {"acceptedRounds": ["PILOT"]}}


async def test_only_the_kommunes_staff_apply(scenario: Scenario) -> None:
    municipality, _ = await scenario.municipality(accepted=False)
    _, other_staff = await scenario.municipality(accepted=False)
    before = await scenario.snapshot()
    for principal, expected in [
        (scenario.anonymous, "UNAUTHENTICATED"),
        (scenario.maker, "FORBIDDEN"),
        (other_staff, "FORBIDDEN"),
    ]:
        result = await scenario.gql(APPLY, principal, input=application_input(municipality.id))
        assert code(result) == expected
        # authorised before the input is judged: a stranger learns nothing about valid rounds
        invalid = application_input(municipality.id, round="pilot")
        assert code(await scenario.gql(APPLY, principal, input=invalid)) == expected
    assert await scenario.snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"round": "pilot"}, "round"),
        ({"motivation": " "}, "motivation"),
        ({"mentorId": "x"}, "mentorId"),
    ],
)
async def test_bad_application_input_is_refused(
    scenario: Scenario, changes: dict[str, Any], field: str
) -> None:
    municipality, staff = await scenario.municipality(accepted=False)
    before = await scenario.snapshot()
    result = await scenario.gql(APPLY, staff, input=application_input(municipality.id, **changes))
    assert code(result) == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == field
    assert await scenario.snapshot() == before


async def test_one_open_or_accepted_application_per_round(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality(accepted=True)
    again = await scenario.gql(APPLY, staff, input=application_input(municipality.id))
    assert code(again) == "CONFLICT"
    later_round = await scenario.gql(
        APPLY, staff, input=application_input(municipality.id, round="ROUND_2027")
    )
    assert later_round.errors is None


async def test_decisions_are_the_programme_teams_and_follow_the_review(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality(accepted=False)
    applied = await scenario.gql(APPLY, staff, input=application_input(municipality.id))
    application_id = applied.data["applyForProgramme"]["id"]
    before = await scenario.snapshot()
    too_early = await scenario.gql(
        DECIDE, scenario.programme, id=application_id, decision="ACCEPTED", reason="gut"
    )
    assert code(too_early) == "ILLEGAL_TRANSITION"
    assert too_early.errors[0].extensions["state"] == "submitted"
    for principal in (staff, scenario.maker):
        assert code(await scenario.gql(REVIEW, principal, id=application_id)) == "FORBIDDEN"
    assert code(await scenario.gql(REVIEW, scenario.anonymous, id=application_id)) == (
        "UNAUTHENTICATED"
    )
    assert await scenario.snapshot() == before

    await scenario.gql(REVIEW, scenario.programme, id=application_id)
    no_reason = await scenario.gql(
        DECIDE, scenario.programme, id=application_id, decision="REJECTED", reason="  "
    )
    assert code(no_reason) == "BAD_USER_INPUT"
    assert no_reason.errors[0].extensions["field"] == "reason"
    rejected = await scenario.gql(
        DECIDE, scenario.programme, id=application_id, decision="REJECTED", reason="Kein Bedarf."
    )
    assert rejected.data["decideMunicipalityApplication"]["decisionReason"] == "Kein Bedarf."
    withdrawn = await scenario.gql(WITHDRAW, staff, id=application_id)
    assert code(withdrawn) == "ILLEGAL_TRANSITION"
    assert (
        withdrawn.errors[0].message == "cannot withdraw a municipality application that is rejected"
    )


async def test_the_kommune_withdraws_an_open_application(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality(accepted=False)
    _, other_staff = await scenario.municipality(accepted=False)
    applied = await scenario.gql(APPLY, staff, input=application_input(municipality.id))
    application_id = applied.data["applyForProgramme"]["id"]
    assert code(await scenario.gql(WITHDRAW, other_staff, id=application_id)) == "FORBIDDEN"
    withdrawn = await scenario.gql(WITHDRAW, staff, id=application_id)
    assert withdrawn.data == {"withdrawMunicipalityApplication": {"status": "WITHDRAWN"}}
    assert await scenario.events("projects.application.decided.v1") == []


LIST = """
query ($filter: MunicipalityApplicationFilter) {
  municipalityApplications(filter: $filter) { totalCount nodes { municipality { name } status } }
}
"""


async def test_applications_are_seen_by_their_kommune_and_the_programme(
    scenario: Scenario,
) -> None:
    eschwege, eschwege_staff = await scenario.municipality(name="Eschwege")
    goerlitz, goerlitz_staff = await scenario.municipality(name="Görlitz", accepted=False)
    await scenario.gql(APPLY, goerlitz_staff, input=application_input(goerlitz.id))

    everything = await scenario.gql(LIST, scenario.programme)
    assert everything.data["municipalityApplications"]["totalCount"] == 2
    own = await scenario.gql(LIST, eschwege_staff)
    assert own.data["municipalityApplications"]["nodes"] == [
        {"municipality": {"name": "Eschwege"}, "status": "ACCEPTED"}
    ]
    submitted = await scenario.gql(LIST, scenario.programme, filter={"status": ["SUBMITTED"]})
    assert submitted.data["municipalityApplications"]["nodes"] == [
        {"municipality": {"name": "Görlitz"}, "status": "SUBMITTED"}
    ]
    assert (await scenario.gql(LIST, scenario.maker)).data["municipalityApplications"][
        "totalCount"
    ] == 0
    assert code(await scenario.gql(LIST)) == "UNAUTHENTICATED"

    single = "query ($id: ID!) { municipality(id: $id) { applications { status } } }"
    shown = await scenario.gql(single, eschwege_staff, id=str(eschwege.id))
    assert shown.data == {"municipality": {"applications": [{"status": "ACCEPTED"}]}}
    assert code(await scenario.gql(single, goerlitz_staff, id=str(eschwege.id))) == "FORBIDDEN"

    one = "query ($id: ID!) { municipalityApplication(id: $id) { round } }"
    (application,) = await _applications(scenario, eschwege.id)
    assert (await scenario.gql(one, eschwege_staff, id=application)).data == {
        "municipalityApplication": {"round": "PILOT"}
    }
    assert (await scenario.gql(one, goerlitz_staff, id=application)).data == {
        "municipalityApplication": None
    }


async def _applications(scenario: Scenario, municipality_id: UUID) -> list[str]:
    async with scenario.uow() as uow:
        found = await uow.applications.for_municipalities([municipality_id])
    return [str(a.id) for a in found[municipality_id]]
