"""Placements and erasure arrive as events over RabbitMQ; the effects land in PostgreSQL once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from learning_harness import PEOPLE, PROGRAMME, Learning, confirmed, world_template_items
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from lokal_contracts import Envelope
from lokal_contracts.matching import MentorAssigned, PlacementEnded, PlacementOutcome
from lokal_contracts.people import PersonErased
from lokal_kit.messaging.broker import Broker
from lokal_kit.testing.events import envelopes, publish
from lokal_kit.testing.waiting import eventually
from lokal_kit.worker import Worker
from lokal_learning.adapters.tables import (
    cohorts,
    completions,
    enrollments,
    messaging,
    metadata,
    participations,
)
from lokal_learning.domain.kinds import AttendanceStatus
from lokal_learning.service import attendance, curricula, seats
from lokal_learning.service import enrollments as enrolment_service

BrokerFactory = Callable[[], Awaitable[Broker]]


@asynccontextmanager
async def running(learning: Learning, broker: Broker) -> AsyncIterator[Worker]:
    worker = Worker(learning.service, broker, retry_delays=(0.05, 0.1), poll_interval=0.05)
    await worker.start()
    try:
        yield worker
    finally:
        await worker.stop(grace=5)


async def count(learning: Learning, table: Any, *where: Any) -> int:
    async with learning.service.database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def outbox(learning: Learning, event_type: str) -> list[tuple[Envelope, bool]]:
    """Envelopes of that type, and whether the relay has published them."""
    table = messaging.outbox
    async with learning.service.database.session() as session:
        rows = await session.execute(
            select(table.c.envelope, table.c.published_at)
            .where(table.c.event_type == event_type)
            .order_by(table.c.position)
        )
        return [(Envelope.from_json(row.envelope), row.published_at is not None) for row in rows]


def consumed(outcome: str, event_type: str, consumer: str = "learning.placements") -> float:
    labels = {"consumer": consumer, "event_type": event_type, "outcome": outcome}
    return REGISTRY.get_sample_value("lokal_events_consumed_total", labels) or 0.0


async def current_template(learning: Learning) -> None:
    await curricula.create_template(
        learning.rt,
        PROGRAMME,
        curricula.NewTemplate("Begleitprogramm", "", world_template_items(), make_current=True),
    )
    await enrolment_service.register_coach(learning.rt, PROGRAMME, PEOPLE["coach"], 5)


async def test_a_confirmed_placement_enrols_exactly_once_even_when_delivered_twice(
    learning: Learning, rabbit_brokers: BrokerFactory
) -> None:
    await current_template(learning)
    broker = await rabbit_brokers()
    event = confirmed(PEOPLE["maker"], starts_on=date(2026, 9, 14))
    (envelope,) = envelopes([event])
    duplicates_before = consumed("duplicate", event.event_type)

    async with running(learning, broker):
        # the same message twice, and the same fact announced again under a new id
        await publish(broker, [envelope, envelope, event])
        await eventually(lambda: count(learning, messaging.inbox), lambda n: n == 2, timeout=30)
        await eventually(
            _value(lambda: consumed("duplicate", event.event_type)),
            lambda n: n == duplicates_before + 1,
        )
        created = await eventually(
            lambda: outbox(learning, "learning.enrollment.created.v1"),
            lambda found: len(found) == 1 and found[0][1],
        )

    assert await count(learning, cohorts) == 1
    assert await count(learning, enrollments) == 1
    async with learning.service.database.session() as session:
        cohort = (await session.execute(select(cohorts))).one()
        enrollment = (await session.execute(select(enrollments))).one()
        held = (
            await session.execute(
                select(participations.c.session_id, func.count()).group_by(
                    participations.c.session_id
                )
            )
        ).all()
    assert (cohort.period, cohort.starts_on) == ("2026-09", date(2026, 9, 14))
    assert (enrollment.placement_id, enrollment.person_id) == (event.placement_id, event.person_id)
    assert (enrollment.coach_id, enrollment.mentor_id) == (PEOPLE["coach"], PEOPLE["mentor"])
    # one seat in each mandatory session: the kick-off and three coaching sessions
    assert sorted(n for _, n in held) == [1, 1, 1, 1]
    data = created[0][0].data
    assert (data["enrollment_id"], data["placement_id"]) == (
        str(enrollment.id),
        str(event.placement_id),
    )
    scheduled = await outbox(learning, "learning.session.scheduled.v1")
    assert len(scheduled) == 6  # the new cohort's sessions, announced once


async def test_placements_of_one_month_share_a_cohort_and_a_mentor_change_follows(
    learning: Learning, rabbit_brokers: BrokerFactory
) -> None:
    await current_template(learning)
    broker = await rabbit_brokers()
    first, second = uuid4(), uuid4()
    events = [
        confirmed(first, starts_on=date(2026, 9, 1)),
        confirmed(second, starts_on=date(2026, 9, 15)),
    ]
    new_mentor = uuid4()
    async with running(learning, broker):
        await publish(broker, events)
        await eventually(lambda: count(learning, enrollments), lambda n: n == 2)
        e = events[1]
        await publish(
            broker,
            [
                MentorAssigned(
                    placement_id=e.placement_id,
                    project_id=e.project_id,
                    person_id=e.person_id,
                    mentor_id=new_mentor,
                    version=4,
                )
            ],
        )
        await eventually(
            lambda: count(learning, enrollments, enrollments.c.mentor_id == new_mentor),
            lambda n: n == 1,
        )
    assert await count(learning, cohorts) == 1


async def test_the_end_of_a_placement_closes_the_programme(
    learning: Learning, rabbit_brokers: BrokerFactory
) -> None:
    await current_template(learning)
    broker = await rabbit_brokers()
    on_time, early, waiting = confirmed(uuid4()), confirmed(uuid4()), uuid4()
    async with running(learning, broker):
        await publish(broker, [on_time, early])
        await eventually(lambda: count(learning, enrollments), lambda n: n == 2)

        # the early leaver holds a seat in the optional workshop; someone waits for it
        async with learning.rt.uow_factory() as uow:
            cohort = await uow.curricula.cohort_for_period("2026-09")
            assert cohort is not None
            by_title = {s.title: s.id for s in await uow.sessions.all_of_cohort(cohort.id)}
        workshop = by_title["Agile Methoden"]
        for person in (early.person_id, uuid4(), waiting):
            await seats.enrol_in_session(learning.rt, PROGRAMME, workshop, person)
        learning.clock.now = datetime(2026, 9, 2, 9, 0, tzinfo=UTC)
        await attendance.record_attendance(
            learning.rt,
            PROGRAMME,
            by_title["Auftakt"],
            on_time.person_id,
            AttendanceStatus.ATTENDED,
        )
        learning.clock.now = datetime(2026, 9, 10, 9, 0, tzinfo=UTC)

        await publish(
            broker,
            [
                ended(on_time, PlacementOutcome.COMPLETED, date(2027, 2, 28)),
                ended(early, PlacementOutcome.TERMINATED_EARLY, date(2026, 9, 10)),
            ],
        )
        announced = await eventually(
            lambda: outbox(learning, "learning.programme.completed.v1"),
            lambda found: len(found) == 2 and all(published for _, published in found),
        )

    outcomes = {env.data["person_id"]: env.data["completed"] for env, _ in announced}
    assert outcomes == {str(on_time.person_id): True, str(early.person_id): False}
    async with learning.service.database.session() as session:
        statuses = dict(
            (await session.execute(select(enrollments.c.person_id, enrollments.c.status))).all()
        )
        records = {row.person_id: row for row in (await session.execute(select(completions))).all()}
    assert statuses == {on_time.person_id: "completed", early.person_id: "not_completed"}
    assert records[on_time.person_id].completed is True
    assert (
        records[on_time.person_id].mandatory_attended,
        records[on_time.person_id].mandatory_due,
    ) == (1, 1)
    assert records[early.person_id].completed is False
    assert records[early.person_id].ended_on == date(2026, 9, 10)
    # the early leaver's upcoming seats went to those waiting
    assert await count(learning, participations, participations.c.person_id == early.person_id) == 1
    waiting_seat = participations.c.person_id == waiting
    assert (
        await count(learning, participations, waiting_seat, participations.c.status == "enrolled")
        == 1
    )


def ended(event: Any, outcome: PlacementOutcome, on: date) -> PlacementEnded:
    return PlacementEnded(
        placement_id=event.placement_id,
        project_id=event.project_id,
        person_id=event.person_id,
        ended_on=on,
        outcome=outcome,
        version=event.version + 2,
    )


async def test_erasure_forgets_the_person_and_keeps_anonymous_counts(
    learning: Learning, rabbit_brokers: BrokerFactory
) -> None:
    await current_template(learning)
    broker = await rabbit_brokers()
    gone, stays = confirmed(uuid4()), confirmed(uuid4())
    async with running(learning, broker):
        await publish(broker, [gone, stays])
        await eventually(lambda: count(learning, enrollments), lambda n: n == 2)
        async with learning.rt.uow_factory() as uow:
            enrolment = await uow.enrollments.for_placement(gone.placement_id)
            cohort = await uow.curricula.cohort_for_period("2026-09")
            assert enrolment is not None
            assert cohort is not None
            kickoff = next(
                s for s in await uow.sessions.all_of_cohort(cohort.id) if s.title == "Auftakt"
            )
        await enrolment_service.record_check_in(
            learning.rt, PROGRAMME, enrolment.id, date(2026, 8, 19), "Notiz über die Person"
        )
        learning.clock.now = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
        for person in (gone.person_id, stays.person_id):
            await attendance.record_attendance(
                learning.rt, PROGRAMME, kickoff.id, person, AttendanceStatus.ATTENDED
            )
        erasure_id = uuid4()
        await publish(
            broker, [PersonErased(person_id=gone.person_id, erasure_id=erasure_id, version=9)]
        )
        confirmations = await eventually(
            lambda: outbox(learning, "learning.erasure.completed.v1"),
            lambda found: len(found) == 1 and found[0][1],
        )

    assert confirmations[0][0].data == {
        "erasure_id": str(erasure_id),
        "person_id": str(gone.person_id),
        "version": 1,
    }
    assert await rows_mentioning(learning, gone.person_id) == {}
    statistics = await learning.ok(
        "query($id: ID!, $s: ID!) { cohort(id: $id) { statistics { enrollments active } }"
        " session(id: $s) { enrolledCount attendanceCounts { attended } } }",
        id=str(cohort.id),
        s=str(kickoff.id),
    )
    assert statistics["cohort"]["statistics"] == {"enrollments": 2, "active": 1}
    assert statistics["session"]["attendanceCounts"] == {"attended": 2}
    assert statistics["session"]["enrolledCount"] == 1


async def rows_mentioning(learning: Learning, person_id: UUID) -> dict[str, int]:
    """Rows of the service's own tables that still hold the person's id."""
    skip = {messaging.outbox.name, messaging.inbox.name, messaging.applied_versions.name}
    found: dict[str, int] = {}
    async with learning.service.database.session() as session:
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            for row in (await session.execute(select(table))).all():
                if person_id in tuple(row):
                    found[table.name] = found.get(table.name, 0) + 1
    return found


def _value(read: Callable[[], float]) -> Callable[[], Awaitable[float]]:
    async def probe() -> float:
        return read()

    return probe


async def test_without_a_current_template_the_placement_waits_in_the_parking_lot(
    learning: Learning, rabbit_brokers: BrokerFactory
) -> None:
    broker = await rabbit_brokers()
    event = confirmed(uuid4(), starts_on=date(2026, 10, 1))
    async with running(learning, broker):
        await publish(broker, [event])
        parked = await eventually(
            lambda: broker.parked("learning.placements"), lambda found: len(found) == 1
        )
        assert "no current curriculum template" in parked[0].error
        assert await count(learning, enrollments) == 0

        await current_template(learning)
        assert await broker.replay_parked("learning.placements") == 1
        await eventually(lambda: count(learning, enrollments), lambda n: n == 1)
    assert await count(learning, cohorts, cohorts.c.period == "2026-10") == 1
