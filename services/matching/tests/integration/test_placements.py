"""The placement lifecycle through the API, with its rules, its pay and its race."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

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

pytestmark = pytest.mark.postgres

PROPOSE = """
mutation($input: ProposePlacementInput!) {
  proposePlacement(input: $input) { id state step payGroup startsOn endsOn mentor { id } }
}"""
ACCEPT = "mutation($id: ID!) { acceptPlacement(id: $id) { state } }"
CONFIRM = "mutation($id: ID!) { confirmPlacement(id: $id) { state } }"
PAY = """
query($id: ID!) { placement(id: $id) {
  compensation { payGroup step monthlyGrossEur totalGrossEur
                 months { month grossEur tableValidFrom } } } }"""


async def propose(system: System, project_id: UUID, person_id: UUID, seat: int) -> str:
    result = await system.execute(
        PROGRAMME,
        PROPOSE,
        input={"projectId": str(project_id), "personId": str(person_id), "seatIndex": seat},
    )
    return str(data(result)["proposePlacement"]["id"])


async def test_from_proposal_to_confirmation_with_both_sides(system: System, feed: Feed) -> None:
    mentor = uuid4()
    maker, project = selected(experience_years=2), published(mentor_id=mentor)
    await feed([maker, project])
    result = await system.execute(
        PROGRAMME,
        PROPOSE,
        input={
            "projectId": str(project.project_id),
            "personId": str(maker.person_id),
            "seatIndex": 1,
        },
    )
    proposed = data(result)["proposePlacement"]
    assert proposed["state"] == "PROPOSED"
    assert (proposed["step"], proposed["payGroup"]) == (2, "E11")
    assert (proposed["startsOn"], proposed["endsOn"]) == ("2026-03-01", "2026-08-31")
    assert proposed["mentor"] == {"id": str(mentor)}
    placement = proposed["id"]

    me, staff = maker_principal(maker.person_id), staff_principal(project.municipality_id)
    outsider = staff_principal(uuid4())
    assert error_code(await system.execute(outsider, CONFIRM, id=placement)) == "FORBIDDEN"
    assert error_code(await system.execute(staff, CONFIRM, id=placement)) == "ILLEGAL_TRANSITION"
    assert data(await system.execute(me, ACCEPT, id=placement))["acceptPlacement"] == {
        "state": "ACCEPTED"
    }
    assert data(await system.execute(staff, CONFIRM, id=placement))["confirmPlacement"] == {
        "state": "ACCEPTED"
    }
    assert await system.outbox("matching.placement.confirmed.v1") == []
    assert data(await system.execute(PROGRAMME, CONFIRM, id=placement))["confirmPlacement"] == {
        "state": "CONFIRMED"
    }
    (event,) = await system.outbox("matching.placement.confirmed.v1")
    assert event["data"] == {
        "version": 4,
        "placement_id": placement,
        "project_id": str(project.project_id),
        "person_id": str(maker.person_id),
        "municipality_id": str(project.municipality_id),
        "mentor_id": str(mentor),
        "seat_index": 1,
        "team_size": 2,
        "starts_on": "2026-03-01",
        "ends_on": "2026-08-31",
        "pay_group": "E11",
        "step": 2,
    }
    types = [e["type"] for e in await system.outbox()]
    assert types == [
        "matching.placement.proposed.v1",
        "matching.placement.accepted.v1",
        "matching.placement.confirmed.v1",
    ]


async def test_pay_across_the_may_2026_table_change(system: System, feed: Feed) -> None:
    maker, project = selected(experience_years=0), published(start=date(2026, 3, 1), months=6)
    await feed([maker, project])
    placement = await propose(system, project.project_id, maker.person_id, 0)
    pay = data(await system.execute(maker_principal(maker.person_id), PAY, id=placement))
    compensation = pay["placement"]["compensation"]
    assert (compensation["payGroup"], compensation["step"]) == ("E11", 1)
    months = compensation["months"]
    assert [m["tableValidFrom"] for m in months] == ["2025-04-01"] * 2 + ["2026-05-01"] * 4
    assert months[0]["grossEur"] == "4153.35"
    assert Decimal(compensation["totalGrossEur"]) == sum(Decimal(m["grossEur"]) for m in months)


async def test_a_month_without_a_pay_table_is_a_clear_error(system: System, feed: Feed) -> None:
    maker = selected(earliest_start=date(2026, 12, 1))
    project = published(start=date(2026, 12, 1), months=12)
    await feed([maker, project])
    placement = await propose(system, project.project_id, maker.person_id, 0)
    result = await system.execute(PROGRAMME, PAY, id=placement)
    assert error_code(result) == "NO_PAY_TABLE"
    assert result.errors[0].extensions["month"] == "2027-04"


async def test_a_maker_holds_one_placement_per_period(system: System, feed: Feed) -> None:
    maker, first, second = selected(), published(), published(start=date(2026, 6, 1))
    await feed([maker, first, second])
    await propose(system, first.project_id, maker.person_id, 0)
    result = await system.execute(
        PROGRAMME,
        PROPOSE,
        input={
            "projectId": str(second.project_id),
            "personId": str(maker.person_id),
            "seatIndex": 0,
        },
    )
    assert error_code(result) == "CONFLICT"
    assert await system.count("placements") == 1


async def test_bad_input_and_strangers_change_nothing(system: System, feed: Feed) -> None:
    maker, project = selected(), published()
    await feed([maker, project])
    bad_seat = {
        "projectId": str(project.project_id),
        "personId": str(maker.person_id),
        "seatIndex": 5,
    }
    assert error_code(await system.execute(PROGRAMME, PROPOSE, input=bad_seat)) == "BAD_USER_INPUT"
    bad_id = {**bad_seat, "seatIndex": 0, "projectId": "not-an-id"}
    assert error_code(await system.execute(PROGRAMME, PROPOSE, input=bad_id)) == "BAD_USER_INPUT"
    stranger = maker_principal(maker.person_id)
    assert (
        error_code(await system.execute(stranger, PROPOSE, input={**bad_seat, "seatIndex": 0}))
        == "FORBIDDEN"
    )
    assert await system.count("placements") == 0
    assert await system.count("outbox") == 0


async def test_two_confirmations_of_one_seat_race_and_one_wins(system: System, feed: Feed) -> None:
    first, second, project = selected(), selected(), published()
    await feed([first, second, project])
    placements = []
    for maker in (first, second):
        placement = await propose(system, project.project_id, maker.person_id, 0)
        data(await system.execute(maker_principal(maker.person_id), ACCEPT, id=placement))
        data(await system.execute(staff_principal(project.municipality_id), CONFIRM, id=placement))
        placements.append(placement)
    results = await asyncio.gather(*(system.execute(PROGRAMME, CONFIRM, id=p) for p in placements))
    outcomes = sorted(
        "CONFIRMED" if r.errors is None else r.errors[0].extensions["code"] for r in results
    )
    assert outcomes == ["CONFIRMED", "CONFLICT"]
    loser = next(r for r in results if r.errors)
    assert "confirmed for this seat first" in loser.errors[0].message
    assert len(await system.outbox("matching.placement.confirmed.v1")) == 1


async def test_mentor_reassignment_and_ending_early(system: System, feed: Feed) -> None:
    maker, project = selected(), published(start=date(2026, 1, 1))
    await feed([maker, project])
    placement = await propose(system, project.project_id, maker.person_id, 0)
    data(await system.execute(maker_principal(maker.person_id), ACCEPT, id=placement))
    data(await system.execute(staff_principal(project.municipality_id), CONFIRM, id=placement))
    data(await system.execute(PROGRAMME, CONFIRM, id=placement))
    mentor = uuid4()
    assign = """mutation($id: ID!, $m: ID!) {
      assignPlacementMentor(id: $id, mentorId: $m) { mentor { id } } }"""
    assert data(await system.execute(PROGRAMME, assign, id=placement, m=str(mentor)))[
        "assignPlacementMentor"
    ] == {"mentor": {"id": str(mentor)}}
    activate = "mutation($id: ID!) { activatePlacement(id: $id) { state } }"
    assert data(await system.execute(PROGRAMME, activate, id=placement))["activatePlacement"] == {
        "state": "ACTIVE"
    }
    end = (
        """mutation($input: EndPlacementInput!) { endPlacement(input: $input) { state outcome } }"""
    )
    early = {"id": placement, "outcome": "TERMINATED_EARLY", "endedOn": "2026-02-15"}
    assert error_code(await system.execute(PROGRAMME, end, input=early)) == "BAD_USER_INPUT"
    ended = data(await system.execute(PROGRAMME, end, input={**early, "reason": "moved abroad"}))
    assert ended["endPlacement"] == {"state": "ENDED", "outcome": "TERMINATED_EARLY"}
    (assigned,) = await system.outbox("matching.mentor.assigned.v1")
    assert assigned["data"]["mentor_id"] == str(mentor)
    (finished,) = await system.outbox("matching.placement.ended.v1")
    assert finished["data"]["outcome"] == "terminated_early"
