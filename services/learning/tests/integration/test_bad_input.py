"""Bad input: a clear error with a stable code, and nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from learning_harness import PEOPLE, PRINCIPALS, PROGRAMME, Learning, World, error_code

from lokal_learning.service import enrollments, seats, sessions

MOVE = (
    "mutation($id: ID!, $at: DateTime!) { moveSession(input: {sessionId: $id, startsAt: $at})"
    " { id } }"
)
ADD = (
    "mutation($c: ID!, $at: DateTime!, $capacity: Int!, $url: String) { addSession(input:"
    ' {cohortId: $c, kind: WORKSHOP, title: "Extra", startsAt: $at, durationMinutes: 90,'
    " format: ONLINE, capacity: $capacity, onlineUrl: $url}) { id } }"
)
ATTEND = (
    "mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p, status: ABSENT)"
    " { id } }"
)
ENROL = "mutation($s: ID!, $p: ID) { enrollInSession(sessionId: $s, personId: $p) { status } }"
TEMPLATE = (
    'mutation($capacity: Int!) { createCurriculumTemplate(input: {name: "Plan", items: ['
    '{kind: WORKSHOP, title: "Eins", offsetDays: 3, startTime: "10:00:00", durationMinutes: 60,'
    ' format: ONLINE, mandatory: false, capacity: 20}, {kind: WORKSHOP, title: "Zwei",'
    ' offsetDays: 5, startTime: "10:00:00", durationMinutes: 60, format: ONLINE,'
    " mandatory: false, capacity: $capacity}]}) { id } }"
)
CHECK_IN = (
    "mutation($e: ID!, $on: Date!, $note: String!) { recordCheckIn(input: {enrollmentId: $e,"
    " on: $on, note: $note}) { id } }"
)


async def refused(
    learning: Learning, document: str, principal: Any = PROGRAMME, **variables: Any
) -> tuple[str | None, dict[str, Any]]:
    before = await learning.snapshot()
    result = await learning.gql(document, principal, **variables)
    assert result.errors, "expected an error"
    assert await learning.snapshot() == before, "a refused request changed something"
    return error_code(result), dict(result.errors[0].extensions or {})


async def test_a_session_cannot_be_added_or_moved_into_the_past(
    learning: Learning, world: World
) -> None:
    past = "2026-09-01T10:00:00+02:00"
    code, extensions = await refused(learning, ADD, c=str(world.cohort_id), at=past, capacity=10)
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "startsAt")
    code, extensions = await refused(
        learning, MOVE, id=str(world.sessions["Agile Methoden"]), at=past
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "startsAt")
    # the kick-off itself took place already: it cannot move at all
    code, extensions = await refused(
        learning, MOVE, id=str(world.sessions["Auftakt"]), at="2026-12-01T10:00:00Z"
    )
    assert (code, extensions["state"]) == ("ILLEGAL_TRANSITION", "past")
    code, _ = await refused(
        learning, MOVE, id=str(world.sessions["Agile Methoden"]), at="2026-12-01T10:00:00"
    )
    assert code == "BAD_USER_INPUT"  # no offset: ambiguous


@pytest.mark.parametrize("capacity", [0, -3, 501])
async def test_capacity_out_of_range(learning: Learning, world: World, capacity: int) -> None:
    code, extensions = await refused(
        learning, ADD, c=str(world.cohort_id), at="2026-10-01T10:00:00Z", capacity=capacity
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "capacity")
    code, extensions = await refused(learning, TEMPLATE, capacity=capacity)
    assert (code, extensions["field"], extensions["item"]) == ("BAD_USER_INPUT", "capacity", 1)
    code, extensions = await refused(
        learning,
        "mutation($id: ID!, $c: Int!) { updateSession(input: {sessionId: $id, capacity: $c})"
        " { id } }",
        id=str(world.sessions["Agile Methoden"]),
        c=capacity,
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "capacity")


async def test_capacity_below_those_enrolled(learning: Learning, world: World) -> None:
    workshop = world.sessions["Agile Methoden"]
    for person in (PEOPLE["maker"], uuid4()):
        await seats.enrol_in_session(learning.rt, PROGRAMME, workshop, person)
    code, extensions = await refused(
        learning,
        "mutation($id: ID!) { updateSession(input: {sessionId: $id, capacity: 1}) { id } }",
        id=str(workshop),
    )
    assert (code, extensions["field"], extensions["enrolled"]) == ("BAD_USER_INPUT", "capacity", 2)


async def test_enrolling_twice_is_a_conflict(learning: Learning, world: World) -> None:
    workshop = str(world.sessions["Agile Methoden"])
    await learning.ok(ENROL, PRINCIPALS["maker"], s=workshop)
    code, _ = await refused(learning, ENROL, PRINCIPALS["maker"], s=workshop)
    assert code == "CONFLICT"
    # a mandatory session the maker was placed in
    code, _ = await refused(
        learning, ENROL, s=str(world.sessions["Gruppen-Coaching (1/3)"]), p=str(PEOPLE["maker"])
    )
    assert code == "CONFLICT"
    # and a waitlist place counts as enrolled too
    full = world.sessions["Agile Methoden"]
    await seats.enrol_in_session(learning.rt, PROGRAMME, full, uuid4())
    waiting = uuid4()
    await seats.enrol_in_session(learning.rt, PROGRAMME, full, waiting)
    code, _ = await refused(learning, ENROL, s=str(full), p=str(waiting))
    assert code == "CONFLICT"


async def test_attendance_for_someone_not_enrolled(learning: Learning, world: World) -> None:
    kickoff = str(world.sessions["Auftakt"])
    code, extensions = await refused(learning, ATTEND, s=kickoff, p=str(uuid4()))
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "personId")


async def test_attendance_for_someone_on_the_waitlist(learning: Learning, world: World) -> None:
    workshop = world.sessions["Agile Methoden"]
    waiting = uuid4()
    for person in (uuid4(), uuid4(), waiting):
        await seats.enrol_in_session(learning.rt, PROGRAMME, workshop, person)
    learning.clock.now = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)  # the workshop has begun
    code, extensions = await refused(learning, ATTEND, s=str(workshop), p=str(waiting))
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "personId")


async def test_attendance_before_the_session_or_when_cancelled(
    learning: Learning, world: World
) -> None:
    coaching = world.sessions["Gruppen-Coaching (1/3)"]
    code, extensions = await refused(learning, ATTEND, s=str(coaching), p=str(PEOPLE["maker"]))
    assert (code, extensions["state"]) == ("ILLEGAL_TRANSITION", "upcoming")
    await sessions.cancel_session(learning.rt, PROGRAMME, coaching)
    learning.clock.now = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    code, extensions = await refused(learning, ATTEND, s=str(coaching), p=str(PEOPLE["maker"]))
    assert (code, extensions["state"]) == ("ILLEGAL_TRANSITION", "cancelled")


async def test_a_cancelled_session_can_neither_move_nor_take_enrolments(
    learning: Learning, world: World
) -> None:
    workshop = world.sessions["Agile Methoden"]
    await sessions.cancel_session(learning.rt, PROGRAMME, workshop)
    code, _ = await refused(learning, MOVE, id=str(workshop), at="2026-12-01T10:00:00Z")
    assert code == "ILLEGAL_TRANSITION"
    code, _ = await refused(learning, ENROL, PRINCIPALS["maker"], s=str(workshop))
    assert code == "ILLEGAL_TRANSITION"
    code, _ = await refused(
        learning, "mutation($id: ID!) { cancelSession(sessionId: $id) { id } }", id=str(workshop)
    )
    assert code == "ILLEGAL_TRANSITION"


async def test_cohorts_start_in_the_future_and_once_a_month(
    learning: Learning, world: World
) -> None:
    create = (
        "mutation($t: ID!, $on: Date!) { createCohort(input: {templateId: $t, startsOn: $on})"
        " { id } }"
    )
    code, extensions = await refused(learning, create, t=str(world.template_id), on="2026-09-01")
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "startsOn")
    learning.clock.now = datetime(2026, 8, 1, tzinfo=UTC)
    code, extensions = await refused(learning, create, t=str(world.template_id), on="2026-09-15")
    assert (code, extensions["period"]) == ("CONFLICT", "2026-09")
    code, _ = await refused(learning, create, t=str(uuid4()), on="2026-10-01")
    assert code == "NOT_FOUND"


async def test_check_ins_need_a_note_and_a_past_date(learning: Learning, world: World) -> None:
    enrollment = str(world.enrollment_id)
    code, extensions = await refused(
        learning, CHECK_IN, PRINCIPALS["maker"], e=enrollment, on="2026-09-09", note="   "
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "note")
    code, extensions = await refused(
        learning, CHECK_IN, PRINCIPALS["maker"], e=enrollment, on="2026-09-11", note="Morgen"
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "on")
    code, _ = await refused(
        learning, CHECK_IN, PRINCIPALS["maker"], e=str(uuid4()), on="2026-09-09", note="Hallo"
    )
    assert code == "NOT_FOUND"


async def test_malformed_ids_links_and_cursors(learning: Learning, world: World) -> None:
    code, extensions = await refused(learning, ENROL, s="not-an-id")
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "sessionId")
    code, _ = await refused(learning, ENROL, s=str(uuid4()))
    assert code == "NOT_FOUND"
    code, extensions = await refused(
        learning,
        ADD,
        c=str(world.cohort_id),
        at="2026-10-01T10:00:00Z",
        capacity=10,
        url="http://insecure.example",
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "onlineUrl")
    result = await learning.gql(
        'query($id: ID!) { cohort(id: $id) { sessions(after: "bm9wZQ==") { nodes { id } } } }',
        PROGRAMME,
        id=str(world.cohort_id),
    )
    assert error_code(result) == "BAD_USER_INPUT"
    result = await learning.gql("{ cohorts(first: 1000) { nodes { id } } }", PROGRAMME)
    assert error_code(result) == "BAD_USER_INPUT"


async def test_coaches_and_their_limits(learning: Learning, world: World) -> None:
    code, extensions = await refused(
        learning,
        "mutation($p: ID!) { registerCoach(personId: $p, maxMakers: 0) { maxMakers } }",
        p=str(uuid4()),
    )
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "maxMakers")
    assign = "mutation($e: ID!, $c: ID!) { assignCoach(enrollmentId: $e, coachId: $c) { id } }"
    code, extensions = await refused(learning, assign, e=str(world.enrollment_id), c=str(uuid4()))
    assert (code, extensions["field"]) == ("BAD_USER_INPUT", "coachId")
    full = uuid4()
    await enrollments.register_coach(learning.rt, PROGRAMME, full, 1)
    other = await enrollments.enrol_in_cohort(learning.rt, PROGRAMME, world.cohort_id, uuid4())
    await enrollments.assign_coach(learning.rt, PROGRAMME, other.id, full)
    code, _ = await refused(learning, assign, e=str(world.enrollment_id), c=str(full))
    assert code == "CONFLICT"


async def test_a_maker_books_only_optional_sessions_of_their_own_cohort(
    learning: Learning, world: World
) -> None:
    code, _ = await refused(
        learning, ENROL, PRINCIPALS["maker"], s=str(world.sessions["Gruppen-Coaching (2/3)"])
    )
    assert code == "FORBIDDEN"
    code, _ = await refused(
        learning,
        ENROL,
        PRINCIPALS["maker"],
        s=str(world.sessions["Agile Methoden"]),
        p=str(uuid4()),
    )
    assert code == "FORBIDDEN"
