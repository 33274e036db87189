"""Concurrent enrolments on PostgreSQL never put more people into a session than it holds."""

from __future__ import annotations

import asyncio
import random
from uuid import uuid4

from learning_harness import PROGRAMME, Learning, World
from sqlalchemy import select

from lokal_kit.auth import Principal, Role
from lokal_learning.adapters.tables import participations
from lokal_learning.service import enrollments

ENROL = "mutation($s: ID!) { enrollInSession(sessionId: $s) { status } }"
CANCEL = "mutation($s: ID!) { cancelSessionEnrollment(sessionId: $s) { enrolledCount } }"


async def makers_in_cohort(learning: Learning, world: World, count: int) -> list[Principal]:
    makers = [Principal(uuid4(), frozenset({Role.MAKER})) for _ in range(count)]
    for maker in makers:
        assert maker.person_id is not None
        await enrollments.enrol_in_cohort(learning.rt, PROGRAMME, world.cohort_id, maker.person_id)
    return makers


async def seats(learning: Learning, session_id: object) -> list[tuple[object, str, int]]:
    async with learning.service.database.session() as session:
        rows = await session.execute(
            select(participations.c.person_id, participations.c.status, participations.c.position)
            .where(participations.c.session_id == session_id)
            .order_by(participations.c.position)
        )
        return [tuple(row) for row in rows.all()]


async def test_concurrent_requests_fill_the_seats_and_queue_the_rest(
    learning: Learning, world: World
) -> None:
    workshop = world.sessions["Agile Methoden"]  # capacity 2
    makers = await makers_in_cohort(learning, world, 16)

    results = await asyncio.gather(
        *(learning.gql(ENROL, maker, s=str(workshop)) for maker in makers)
    )

    assert [r.errors for r in results] == [None] * len(makers)
    statuses = sorted(r.data["enrollInSession"]["status"] for r in results if r.data)
    assert statuses == ["ENROLLED"] * 2 + ["WAITLISTED"] * 14
    found = await seats(learning, workshop)
    assert [status for _, status, _ in found] == ["enrolled"] * 2 + ["waitlisted"] * 14
    assert len({position for _, _, position in found}) == 16  # one queue, no ties


async def test_cancellations_racing_enrolments_keep_the_count_and_the_queue_order(
    learning: Learning, world: World
) -> None:
    networking = world.sessions["Vernetzung"]
    await learning.ok(
        "mutation($id: ID!) { updateSession(input: {sessionId: $id, capacity: 5}) { id } }",
        id=str(networking),
    )
    first_wave = await makers_in_cohort(learning, world, 10)
    for maker in first_wave:
        await learning.ok(ENROL, maker, s=str(networking))
    second_wave = await makers_in_cohort(learning, world, 10)
    leaving = first_wave[:3] + first_wave[7:]  # three with seats, three waiting
    requests = [learning.gql(CANCEL, m, s=str(networking)) for m in leaving] + [
        learning.gql(ENROL, m, s=str(networking)) for m in second_wave
    ]
    random.Random(7).shuffle(requests)

    results = await asyncio.gather(*requests)

    assert [r.errors for r in results] == [None] * len(results)
    found = await seats(learning, networking)
    enrolled = [person for person, status, _ in found if status == "enrolled"]
    assert len(enrolled) == 5
    assert len(found) == 10 - len(leaving) + len(second_wave)
    # whoever waits has a later place in the queue than everyone with a seat
    last_seated = max(position for _, status, position in found if status == "enrolled")
    first_waiting = min(position for _, status, position in found if status == "waitlisted")
    assert last_seated < first_waiting
    remaining = {m.person_id for m in first_wave} - {m.person_id for m in leaving}
    assert remaining <= set(enrolled)
