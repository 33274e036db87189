"""Lists and entity batches cost a fixed number of queries; the DSGVO export is complete."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from learning_harness import PEOPLE, PRINCIPALS, PROGRAMME, Learning, World

from lokal_kit.auth import Principal
from lokal_kit.testing.database import counted_statements
from lokal_learning.domain.kinds import SessionFormat, SessionKind
from lokal_learning.service import enrollments, sessions

SESSIONS = """
query($id: ID!) { cohort(id: $id) { sessions(first: 100) { nodes {
  title enrolledCount waitlistCount attendanceCounts { attended }
  cohort { title } facilitator { id } myParticipation { status waitlistPosition attendance }
} } } }
"""
PERSONS = """
query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person {
  enrollments { status cohort { period } progress { mandatoryDue } completion { completed } }
} } }
"""


async def statements_for(
    learning: Learning, document: str, principal: Principal, **variables: object
) -> int:
    with counted_statements(learning.service.database) as statements:
        await learning.ok(document, principal, **variables)
    return len(statements)


async def test_a_longer_session_list_costs_no_more_queries(
    learning: Learning, world: World
) -> None:
    maker = PRINCIPALS["maker"]
    few = await statements_for(learning, SESSIONS, maker, id=str(world.cohort_id))
    for day in range(12):
        await sessions.add_session(
            learning.rt,
            PROGRAMME,
            sessions.NewSession(
                cohort_id=world.cohort_id,
                kind=SessionKind.WORKSHOP,
                title=f"Sprechstunde {day}",
                starts_at=learning.clock.now + timedelta(days=day + 1),
                duration_minutes=60,
                format=SessionFormat.ONLINE,
                capacity=10,
                mandatory=False,
                facilitator_id=uuid4(),
            ),
        )
    many = await statements_for(learning, SESSIONS, maker, id=str(world.cohort_id))
    assert many == few


async def test_a_batch_of_persons_costs_no_more_queries_than_one(
    learning: Learning, world: World
) -> None:
    persons = [PEOPLE["maker"]]
    for _ in range(7):
        persons.append(uuid4())
        await enrollments.enrol_in_cohort(learning.rt, PROGRAMME, world.cohort_id, persons[-1])

    def reps(count: int) -> list[dict[str, str]]:
        return [{"__typename": "Person", "id": str(p)} for p in persons[:count]]

    one = await statements_for(learning, PERSONS, PROGRAMME, reps=reps(1))
    eight = await statements_for(learning, PERSONS, PROGRAMME, reps=reps(8))
    assert eight == one


async def test_the_export_holds_everything_learning_keeps_on_the_person(
    learning: Learning, world: World
) -> None:
    await enrollments.record_check_in(
        learning.rt, PROGRAMME, world.enrollment_id, date(2026, 9, 9), "Gutes Gespräch."
    )
    await learning.ok(
        "mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,"
        " status: ATTENDED) { id } }",
        s=str(world.sessions["Auftakt"]),
        p=str(PEOPLE["maker"]),
    )
    await learning.ok("mutation { issueCalendarToken { token } }", PRINCIPALS["maker"])

    data = await learning.ok(
        "query($reps: [_Any!]!) { _entities(representations: $reps) {"
        " ... on PersonalDataExport { personId learning } } }",
        PRINCIPALS["maker"],
        reps=[{"__typename": "PersonalDataExport", "personId": str(PEOPLE["maker"])}],
    )

    export = data["_entities"][0]
    assert export["personId"] == str(PEOPLE["maker"])
    document = export["learning"]
    (enrollment,) = document["enrollments"]
    assert enrollment["id"] == str(world.enrollment_id)
    assert enrollment["cohort"] == "Kohorte September 2026"
    assert enrollment["status"] == "active"
    assert enrollment["coachId"] == str(PEOPLE["coach"])
    assert enrollment["mentorId"] == str(PEOPLE["mentor"])
    assert [c["note"] for c in enrollment["checkIns"]] == ["Gutes Gespräch."]
    seats = {s["title"]: s for s in document["sessions"]}
    assert set(seats) == {
        "Auftakt",
        "Gruppen-Coaching (1/3)",
        "Gruppen-Coaching (2/3)",
        "Gruppen-Coaching (3/3)",
    }
    assert seats["Auftakt"]["attendance"] == "attended"
    assert seats["Auftakt"]["seat"] == "enrolled"
    assert document["calendarFeed"] is True
    assert document["coach"] is None
