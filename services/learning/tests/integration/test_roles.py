"""Every operation under every role: allowed ones work, others are refused and change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import pytest
from learning_harness import PEOPLE, PRINCIPALS, PROGRAMME, Learning, World, error_code

from lokal_learning.service import enrollments, seats, sessions

ALL = frozenset(PRINCIPALS) - {"anonymous"}
Prepare = Callable[[Learning, World], Awaitable[dict[str, Any]]]


async def nothing(learning: Learning, world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Operation:
    document: str
    allowed: frozenset[str]
    prepare: Prepare = nothing
    changes: bool = field(default=False)


def ids(**named: Callable[[World], object]) -> Prepare:
    async def prepare(learning: Learning, world: World) -> dict[str, Any]:
        return {name: str(pick(world)) for name, pick in named.items()}

    return prepare


async def networking_seat(learning: Learning, world: World) -> dict[str, Any]:
    await seats.enrol_in_session(
        learning.rt, PROGRAMME, world.sessions["Vernetzung"], PEOPLE["maker"]
    )
    return {"s": str(world.sessions["Vernetzung"]), "p": str(PEOPLE["maker"])}


async def second_coach(learning: Learning, world: World) -> dict[str, Any]:
    coach = uuid4()
    await enrollments.register_coach(learning.rt, PROGRAMME, coach, 2)
    return {"e": str(world.enrollment_id), "c": str(coach)}


async def appointment(learning: Learning, world: World) -> dict[str, Any]:
    from datetime import UTC, datetime

    from lokal_learning.domain.kinds import SessionFormat

    session = await sessions.schedule_coaching_appointment(
        learning.rt,
        PROGRAMME,
        sessions.NewAppointment(
            enrollment_id=world.enrollment_id,
            starts_at=datetime(2026, 9, 20, 9, 0, tzinfo=UTC),
            duration_minutes=60,
            format=SessionFormat.ONLINE,
        ),
    )
    return {"id": str(session.id)}


async def appointment_entity(learning: Learning, world: World) -> dict[str, Any]:
    made = await appointment(learning, world)
    return {"reps": [{"__typename": "Session", "id": made["id"]}]}


def entity(typename: str, key: str, pick: Callable[[World], object]) -> Prepare:
    async def prepare(learning: Learning, world: World) -> dict[str, Any]:
        return {"reps": [{"__typename": typename, key: str(pick(world))}]}

    return prepare


PROGRAMME_ONLY = frozenset({"programme"})
ITEM = (
    '{kind: WORKSHOP, title: "Datenschutz", offsetDays: 30, startTime: "10:00:00",'
    " durationMinutes: 120, format: ONLINE, mandatory: false, capacity: 20}"
)
WORKSHOP = ids(id=lambda w: w.sessions["Agile Methoden"])

OPERATIONS = {
    "createCurriculumTemplate": Operation(
        'mutation { createCurriculumTemplate(input: {name: "Plan 2027", items: [' + ITEM + "]})"
        " { id items { title } } }",
        PROGRAMME_ONLY,
        changes=True,
    ),
    "makeCurriculumTemplateCurrent": Operation(
        "mutation($id: ID!) { makeCurriculumTemplateCurrent(templateId: $id) { isCurrent } }",
        PROGRAMME_ONLY,
        ids(id=lambda w: w.template_id),
    ),
    "createCohort": Operation(
        'mutation($t: ID!) { createCohort(input: {templateId: $t, startsOn: "2026-12-01"})'
        " { id period } }",
        PROGRAMME_ONLY,
        ids(t=lambda w: w.template_id),
        changes=True,
    ),
    "addSession": Operation(
        "mutation($c: ID!) { addSession(input: {cohortId: $c, kind: NETWORKING, title: "
        '"Sommerfest", startsAt: "2026-10-02T17:00:00+02:00", durationMinutes: 180,'
        ' format: ON_SITE, capacity: 50, location: "Kassel"}) { id status } }',
        PROGRAMME_ONLY,
        ids(c=lambda w: w.cohort_id),
        changes=True,
    ),
    "moveSession": Operation(
        "mutation($id: ID!) { moveSession(input: {sessionId: $id,"
        ' startsAt: "2026-09-22T10:00:00+02:00"}) { status sequence } }',
        PROGRAMME_ONLY,
        WORKSHOP,
        changes=True,
    ),
    "cancelSession": Operation(
        "mutation($id: ID!) { cancelSession(sessionId: $id) { status } }",
        PROGRAMME_ONLY,
        WORKSHOP,
        changes=True,
    ),
    "updateSession": Operation(
        'mutation($id: ID!) { updateSession(input: {sessionId: $id, location: "Raum 2"})'
        " { location } }",
        PROGRAMME_ONLY,
        WORKSHOP,
        changes=True,
    ),
    "scheduleCoachingAppointment": Operation(
        "mutation($e: ID!) { scheduleCoachingAppointment(input: {enrollmentId: $e,"
        ' startsAt: "2026-09-21T09:00:00Z", durationMinutes: 60, format: ONLINE}) { id } }',
        frozenset({"programme", "coach"}),
        ids(e=lambda w: w.enrollment_id),
        changes=True,
    ),
    "enrollInSession": Operation(
        "mutation($id: ID!) { enrollInSession(sessionId: $id) { status } }",
        frozenset({"programme", "maker"}),
        WORKSHOP,
        changes=True,
    ),
    "cancelSessionEnrollment": Operation(
        "mutation($s: ID!, $p: ID!) { cancelSessionEnrollment(sessionId: $s, personId: $p)"
        " { enrolledCount } }",
        frozenset({"programme", "maker"}),
        networking_seat,
        changes=True,
    ),
    "recordAttendance": Operation(
        "mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,"
        " status: ATTENDED) { status } }",
        frozenset({"programme", "facilitator"}),
        ids(s=lambda w: w.sessions["Auftakt"], p=lambda w: PEOPLE["maker"]),
        changes=True,
    ),
    "enrollInCohort": Operation(
        "mutation($c: ID!, $p: ID!) { enrollInCohort(cohortId: $c, personId: $p) { status } }",
        PROGRAMME_ONLY,
        ids(c=lambda w: w.cohort_id, p=lambda w: uuid4()),
        changes=True,
    ),
    "registerCoach": Operation(
        "mutation($p: ID!) { registerCoach(personId: $p, maxMakers: 4) { maxMakers } }",
        PROGRAMME_ONLY,
        ids(p=lambda w: uuid4()),
        changes=True,
    ),
    "assignCoach": Operation(
        "mutation($e: ID!, $c: ID!) { assignCoach(enrollmentId: $e, coachId: $c)"
        " { coach { id } } }",
        PROGRAMME_ONLY,
        second_coach,
        changes=True,
    ),
    "recordCheckIn": Operation(
        'mutation($e: ID!) { recordCheckIn(input: {enrollmentId: $e, on: "2026-09-09",'
        ' note: "Läuft."}) { id } }',
        frozenset({"programme", "maker", "mentor"}),
        ids(e=lambda w: w.enrollment_id),
        changes=True,
    ),
    "issueCalendarToken": Operation(
        "mutation { issueCalendarToken { personFeedUrl } }", ALL, changes=True
    ),
    "curriculumTemplates": Operation("{ curriculumTemplates { nodes { name } } }", ALL),
    "curriculumTemplate": Operation(
        "query($id: ID!) { curriculumTemplate(id: $id) { name } }",
        ALL,
        ids(id=lambda w: w.template_id),
    ),
    "cohorts": Operation("{ cohorts { nodes { title statistics { active } } } }", ALL),
    "cohort": Operation(
        "query($id: ID!) { cohort(id: $id) { sessions { nodes { title } } } }",
        ALL,
        ids(id=lambda w: w.cohort_id),
    ),
    "cohort.enrollments": Operation(
        "query($id: ID!) { cohort(id: $id) { enrollments { nodes { id } } } }",
        PROGRAMME_ONLY,
        ids(id=lambda w: w.cohort_id),
    ),
    "session": Operation(
        "query($id: ID!) { session(id: $id) { title enrolledCount myParticipation { status } } }",
        ALL,
        WORKSHOP,
    ),
    "session.participants": Operation(
        "query($id: ID!) { session(id: $id) { participants { status } } }",
        frozenset({"programme", "facilitator"}),
        ids(id=lambda w: w.sessions["Auftakt"]),
    ),
    "session (coaching appointment)": Operation(
        "query($id: ID!) { session(id: $id) { oneToOne } }",
        frozenset({"programme", "coach", "maker"}),
        appointment,
    ),
    "enrollment": Operation(
        "query($id: ID!) { enrollment(id: $id) { status progress { mandatoryDue } } }",
        frozenset({"programme", "maker", "mentor", "coach"}),
        ids(id=lambda w: w.enrollment_id),
    ),
    "enrollment.checkIns": Operation(
        "query($id: ID!) { enrollment(id: $id) { checkIns { note } } }",
        frozenset({"programme", "maker", "mentor"}),
        ids(id=lambda w: w.enrollment_id),
    ),
    "coaches": Operation("{ coaches { maxMakers activeMakers } }", PROGRAMME_ONLY),
    "Person.enrollments": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person {"
        " enrollments { id } learningProgress { mandatoryDue } } } }",
        frozenset({"programme", "maker", "mentor", "coach"}),
        entity("Person", "id", lambda w: PEOPLE["maker"]),
    ),
    "Placement.cohort": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Placement {"
        " cohort { period } } } }",
        frozenset({"programme", "maker", "mentor", "coach"}),
        entity("Placement", "id", lambda w: w.placement_id),
    ),
    "PersonalDataExport.learning": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) {"
        " ... on PersonalDataExport { learning } } }",
        frozenset({"programme", "maker"}),
        entity("PersonalDataExport", "personId", lambda w: PEOPLE["maker"]),
    ),
    "Enrollment entity": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollment {"
        " status } } }",
        frozenset({"programme", "maker", "mentor", "coach"}),
        entity("Enrollment", "id", lambda w: w.enrollment_id),
    ),
    "Session entity (coaching appointment)": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Session {"
        " oneToOne } } }",
        frozenset({"programme", "coach", "maker"}),
        appointment_entity,
    ),
    "Cohort entity": Operation(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Cohort { title } } }",
        ALL,
        entity("Cohort", "id", lambda w: w.cohort_id),
    ),
}


@pytest.mark.parametrize("role", sorted(PRINCIPALS))
@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_operation_under_role(learning: Learning, world: World, name: str, role: str) -> None:
    operation = OPERATIONS[name]
    variables = await operation.prepare(learning, world)
    before = await learning.snapshot()

    result = await learning.gql(operation.document, PRINCIPALS[role], **variables)

    if role in operation.allowed:
        assert result.errors is None, result.errors
        assert result.data is not None
        if operation.changes:
            assert await learning.snapshot() != before
        return
    expected = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
    assert error_code(result) == expected, result.errors
    assert await learning.snapshot() == before
