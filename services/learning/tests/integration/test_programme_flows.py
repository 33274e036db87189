"""The programme through GraphQL: a cohort's plan, waitlists, attendance, progress, coaching."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from learning_harness import PEOPLE, PRINCIPALS, PROGRAMME, Learning, World, error_code
from sqlalchemy import func, select

from lokal_contracts import Envelope
from lokal_kit.auth import Principal, Role
from lokal_learning.adapters.tables import messaging
from lokal_learning.service import enrollments

COHORT = """
query($id: ID!) {
  cohort(id: $id) {
    title period startsOn template { name isCurrent items { title occurrences } }
    sessions(first: 10) {
      edges { node { title kind mandatory startsAt startsAtLocal status enrolledCount } }
      pageInfo { hasNextPage endCursor }
    }
    statistics { enrollments active completed notCompleted }
  }
}
"""
ENROL = """
mutation($session: ID!, $person: ID) {
  enrollInSession(sessionId: $session, personId: $person) {
    status waitlistPosition person { id } session { enrolledCount waitlistCount }
  }
}
"""
CANCEL = """
mutation($session: ID!, $person: ID) {
  cancelSessionEnrollment(sessionId: $session, personId: $person) {
    enrolledCount waitlistCount myParticipation { status }
  }
}
"""
PARTICIPANTS = """
query($id: ID!) { session(id: $id) { participants { status waitlistPosition person { id } } } }
"""


def maker() -> Principal:
    return Principal(uuid4(), frozenset({Role.MAKER}))


async def test_a_cohort_shows_its_plan_in_german_time(learning: Learning, world: World) -> None:
    data = await learning.ok(COHORT, PRINCIPALS["maker"], id=str(world.cohort_id))
    cohort = data["cohort"]
    assert (cohort["title"], cohort["period"], cohort["startsOn"]) == (
        "Kohorte September 2026",
        "2026-09",
        "2026-09-01",
    )
    assert cohort["template"]["isCurrent"] is True
    nodes = [edge["node"] for edge in cohort["sessions"]["edges"]]
    assert [n["title"] for n in nodes] == [
        "Auftakt",
        "Agile Methoden",
        "Vernetzung",
        "Gruppen-Coaching (1/3)",
        "Gruppen-Coaching (2/3)",
        "Gruppen-Coaching (3/3)",
    ]
    # 29 Sept is summer time, 27 Oct winter time: both at 10:00 in Germany
    assert nodes[3]["startsAt"] == "2026-09-29T08:00:00+00:00"
    assert nodes[3]["startsAtLocal"] == "2026-09-29T10:00:00+02:00"
    assert nodes[4]["startsAt"] == "2026-10-27T09:00:00+00:00"
    assert nodes[4]["startsAtLocal"] == "2026-10-27T10:00:00+01:00"
    # the placed maker holds a seat in every mandatory session
    assert [n["enrolledCount"] for n in nodes] == [1, 0, 0, 1, 1, 1]
    assert cohort["statistics"] == {
        "enrollments": 1,
        "active": 1,
        "completed": 0,
        "notCompleted": 0,
    }

    first_page = await learning.ok(
        "query($id: ID!) { cohort(id: $id) { sessions(first: 4) { pageInfo { endCursor } } } }",
        id=str(world.cohort_id),
    )
    cursor = first_page["cohort"]["sessions"]["pageInfo"]["endCursor"]
    rest = await learning.ok(
        "query($id: ID!, $after: String) { cohort(id: $id) {"
        " sessions(first: 4, after: $after) { nodes { title } pageInfo { hasNextPage } } } }",
        id=str(world.cohort_id),
        after=cursor,
    )
    assert [n["title"] for n in rest["cohort"]["sessions"]["nodes"]] == [
        "Gruppen-Coaching (2/3)",
        "Gruppen-Coaching (3/3)",
    ]
    assert rest["cohort"]["sessions"]["pageInfo"]["hasNextPage"] is False


async def test_a_full_session_waitlists_and_a_cancellation_moves_the_first_up(
    learning: Learning, world: World
) -> None:
    workshop = str(world.sessions["Agile Methoden"])  # capacity 2
    makers = [PRINCIPALS["maker"], maker(), maker(), maker()]
    for other in makers[1:]:
        await enrollments.enrol_in_cohort(learning.rt, PROGRAMME, world.cohort_id, other.person_id)  # type: ignore[arg-type]

    answers = [(await learning.ok(ENROL, m, session=workshop))["enrollInSession"] for m in makers]
    assert [(a["status"], a["waitlistPosition"]) for a in answers] == [
        ("ENROLLED", None),
        ("ENROLLED", None),
        ("WAITLISTED", 1),
        ("WAITLISTED", 2),
    ]
    assert answers[-1]["session"] == {"enrolledCount": 2, "waitlistCount": 2}

    after = (await learning.ok(CANCEL, makers[0], session=workshop))["cancelSessionEnrollment"]
    assert after == {"enrolledCount": 2, "waitlistCount": 1, "myParticipation": None}
    participants = (await learning.ok(PARTICIPANTS, id=workshop))["session"]["participants"]
    by_person = {p["person"]["id"]: p for p in participants}
    assert by_person[str(makers[2].person_id)]["status"] == "ENROLLED"
    assert by_person[str(makers[3].person_id)] == {
        "status": "WAITLISTED",
        "waitlistPosition": 1,
        "person": {"id": str(makers[3].person_id)},
    }
    assert str(makers[0].person_id) not in by_person

    # the programme team widens the room: the last one moves up too
    widened = await learning.ok(
        "mutation($id: ID!) { updateSession(input: {sessionId: $id, capacity: 3}) {"
        " capacity enrolledCount waitlistCount sequence } }",
        id=workshop,
    )
    assert widened["updateSession"] == {
        "capacity": 3,
        "enrolledCount": 3,
        "waitlistCount": 0,
        "sequence": 1,
    }


async def test_attendance_drives_progress(learning: Learning, world: World) -> None:
    kickoff = str(world.sessions["Auftakt"])
    progress_query = """
    query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Person { learningProgress { status mandatoryAttended mandatoryExcused
        mandatoryMissed mandatoryDue mandatoryTotal attendanceRate completed } } } }
    """

    def reps() -> list[dict[str, str]]:  # strawberry consumes the representations
        return [{"__typename": "Person", "id": str(PEOPLE["maker"])}]

    before = await learning.ok(progress_query, PRINCIPALS["maker"], reps=reps())
    assert before["_entities"][0]["learningProgress"] == {
        "status": "ACTIVE",
        "mandatoryAttended": 0,
        "mandatoryExcused": 0,
        "mandatoryMissed": 1,
        "mandatoryDue": 1,
        "mandatoryTotal": 4,
        "attendanceRate": 0.0,
        "completed": None,
    }
    recorded = await learning.ok(
        "mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,"
        " status: ATTENDED) { status person { id } session { title attendanceCounts {"
        " attended excused absent } } } }",
        PRINCIPALS["facilitator"],
        s=kickoff,
        p=str(PEOPLE["maker"]),
    )
    assert recorded["recordAttendance"]["session"] == {
        "title": "Auftakt",
        "attendanceCounts": {"attended": 1, "excused": 0, "absent": 0},
    }
    # two coaching sessions later, one excused, one not recorded
    learning.clock.now = datetime(2026, 10, 28, 12, 0, tzinfo=UTC)
    first_coaching = str(world.sessions["Gruppen-Coaching (1/3)"])
    await learning.ok(
        "mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,"
        " status: EXCUSED) { status } }",
        s=first_coaching,
        p=str(PEOPLE["maker"]),
    )
    after = await learning.ok(progress_query, PRINCIPALS["mentor"], reps=reps())
    assert after["_entities"][0]["learningProgress"] == {
        "status": "ACTIVE",
        "mandatoryAttended": 1,
        "mandatoryExcused": 1,
        "mandatoryMissed": 1,
        "mandatoryDue": 3,
        "mandatoryTotal": 4,
        "attendanceRate": 0.5,
        "completed": None,
    }
    async with learning.service.database.session() as session:
        events = (
            await session.execute(
                select(messaging.outbox.c.event_type, func.count()).group_by(
                    messaging.outbox.c.event_type
                )
            )
        ).all()
    assert dict(events)["learning.attendance.recorded.v1"] == 2


async def test_coach_appointments_and_check_ins(learning: Learning, world: World) -> None:
    enrollment = await learning.ok(
        "query($id: ID!) { enrollment(id: $id) { status coach { id } mentor { id }"
        " placement { id } cohort { period } } }",
        PRINCIPALS["coach"],
        id=str(world.enrollment_id),
    )
    assert enrollment["enrollment"] == {
        "status": "ACTIVE",
        "coach": {"id": str(PEOPLE["coach"])},
        "mentor": {"id": str(PEOPLE["mentor"])},
        "placement": {"id": str(world.placement_id)},
        "cohort": {"period": "2026-09"},
    }
    appointment = await learning.ok(
        "mutation($e: ID!) { scheduleCoachingAppointment(input: {enrollmentId: $e,"
        ' startsAt: "2026-09-15T14:00:00+02:00", durationMinutes: 60, format: ONLINE,'
        ' onlineUrl: "https://meet.example/coach"}) { id kind oneToOne capacity startsAt'
        " facilitator { id } cohort { id } participants { status person { id } } } }",
        PRINCIPALS["coach"],
        e=str(world.enrollment_id),
    )
    session = appointment["scheduleCoachingAppointment"]
    assert session["kind"] == "COACHING"
    assert session["oneToOne"] is True
    assert session["startsAt"] == "2026-09-15T12:00:00+00:00"
    assert session["facilitator"] == {"id": str(PEOPLE["coach"])}
    assert session["cohort"] is None
    assert session["participants"] == [
        {"status": "ENROLLED", "person": {"id": str(PEOPLE["maker"])}}
    ]
    seen = await learning.gql(
        "query($id: ID!) { session(id: $id) { title } }", PRINCIPALS["maker"], id=session["id"]
    )
    assert seen.errors is None
    hidden = await learning.gql(
        "query($id: ID!) { session(id: $id) { title } }", PRINCIPALS["mentor"], id=session["id"]
    )
    assert error_code(hidden) == "FORBIDDEN"

    await learning.ok(
        'mutation($e: ID!) { recordCheckIn(input: {enrollmentId: $e, on: "2026-09-10",'
        ' note: "Erste Woche gut angekommen."}) { on note author { id } } }',
        PRINCIPALS["mentor"],
        e=str(world.enrollment_id),
    )
    notes = await learning.ok(
        "query($id: ID!) { enrollment(id: $id) { checkIns { on note author { id } } } }",
        PRINCIPALS["maker"],
        id=str(world.enrollment_id),
    )
    assert notes["enrollment"]["checkIns"] == [
        {
            "on": "2026-09-10",
            "note": "Erste Woche gut angekommen.",
            "author": {"id": str(PEOPLE["mentor"])},
        }
    ]
    coach_view = await learning.gql(
        "query($id: ID!) { enrollment(id: $id) { checkIns { note } } }",
        PRINCIPALS["coach"],
        id=str(world.enrollment_id),
    )
    assert error_code(coach_view) == "FORBIDDEN"


async def test_moving_cancelling_and_adding_announce_the_session(
    learning: Learning, world: World
) -> None:
    workshop, networking = world.sessions["Agile Methoden"], world.sessions["Vernetzung"]
    await learning.ok(
        "mutation($id: ID!) { moveSession(input: {sessionId: $id,"
        ' startsAt: "2026-09-16T13:00:00+02:00"}) { status } }',
        id=str(workshop),
    )
    await learning.ok(
        "mutation($id: ID!) { cancelSession(sessionId: $id) { status } }", id=str(networking)
    )
    added = await learning.ok(
        "mutation($c: ID!) { addSession(input: {cohortId: $c, kind: NETWORKING,"
        ' title: "Sommerfest", startsAt: "2026-09-25T17:00:00+02:00", durationMinutes: 180,'
        ' format: ON_SITE, capacity: 50, location: "Kassel"}) { id status } }',
        c=str(world.cohort_id),
    )
    async with learning.service.database.session() as session:
        rows = await session.execute(
            select(messaging.outbox.c.envelope)
            .where(messaging.outbox.c.event_type == "learning.session.scheduled.v1")
            .order_by(messaging.outbox.c.position)
        )
        announced = [Envelope.from_json(row.envelope) for row in rows]
    latest = {e.subject: e for e in announced}
    assert (latest[str(workshop)].data["status"], latest[str(workshop)].aggregateversion) == (
        "moved",
        2,
    )
    assert latest[str(workshop)].data["starts_at"] == "2026-09-16T11:00:00Z"
    assert latest[str(networking)].data["status"] == "cancelled"
    new = latest[added["addSession"]["id"]]
    assert (new.data["status"], new.data["cohort_id"]) == ("scheduled", str(world.cohort_id))


async def test_makers_may_join_networking_of_other_cohorts_but_not_their_workshops(
    learning: Learning, world: World
) -> None:
    learning.clock.now = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)
    october = await learning.ok(
        'mutation($t: ID!) { createCohort(input: {templateId: $t, startsOn: "2026-10-05"}) {'
        " sessions { nodes { id title } } } }",
        t=str(world.template_id),
    )
    sessions = {n["title"]: n["id"] for n in october["createCohort"]["sessions"]["nodes"]}
    joined = await learning.gql(ENROL, PRINCIPALS["maker"], session=sessions["Vernetzung"])
    assert joined.errors is None
    refused = await learning.gql(ENROL, PRINCIPALS["maker"], session=sessions["Agile Methoden"])
    assert error_code(refused) == "FORBIDDEN"
    stranger = await learning.gql(ENROL, maker(), session=sessions["Vernetzung"])
    assert error_code(stranger) == "FORBIDDEN"  # not in any cohort
