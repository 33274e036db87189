"""The real consumers on RabbitMQ: the team follows matching, erasure follows people.

Each test runs the service's worker (outbox relay and consumers) against a RabbitMQ
namespace of its own and publishes other services' events as their relays would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from lokal_contracts.matching import PlacementConfirmed, PlacementEnded, PlacementOutcome
from lokal_contracts.people import PersonErased
from lokal_kit.messaging.broker import Broker
from lokal_kit.service import Service
from lokal_kit.testing.events import envelopes, publish
from lokal_kit.testing.waiting import eventually
from lokal_kit.worker import Worker
from lokal_projects.adapters.tables import messaging
from lokal_projects.domain.project import Project, ProjectStatus
from lokal_projects.service import projects

if TYPE_CHECKING:
    from conftest import Scenario


@pytest.fixture
async def broker(
    service: Service, rabbit_brokers: Callable[[], Awaitable[Broker]]
) -> AsyncIterator[Broker]:
    broker = await rabbit_brokers()
    worker = Worker(service, broker, retry_delays=(0.05, 0.1), poll_interval=0.05)
    await worker.start()
    yield broker
    await worker.stop(grace=5)


def confirmed(project: Project, seat: int, **overrides: Any) -> PlacementConfirmed:
    values: dict[str, Any] = {
        "version": 3,
        "placement_id": uuid4(),
        "project_id": project.id,
        "person_id": uuid4(),
        "municipality_id": project.municipality_id,
        "mentor_id": project.details.mentor_id,
        "seat_index": seat,
        "team_size": project.details.team_size,
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 11, 30),
        "pay_group": project.details.seats[seat],
        "step": 2,
    }
    values.update(overrides)
    return PlacementConfirmed(**values)


def ended(event: PlacementConfirmed, outcome: PlacementOutcome) -> PlacementEnded:
    return PlacementEnded(
        version=event.version + 1,
        placement_id=event.placement_id,
        project_id=event.project_id,
        person_id=event.person_id,
        ended_on=date(2027, 2, 15),
        outcome=outcome,
    )


async def inbox_count(service: Service) -> int:
    async with service.database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(messaging.inbox)) or 0)


async def test_confirmed_placements_fill_the_seats_and_the_last_one_staffs_the_project(
    scenario: Scenario, broker: Broker
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    first, second = confirmed(project, 0), confirmed(project, 1)

    await publish(broker, [first])
    await eventually(lambda: scenario.reload(project.id), lambda p: len(p.members) == 1)
    assert (await scenario.reload(project.id)).status is ProjectStatus.PUBLISHED

    await publish(broker, [second])
    staffed = await eventually(
        lambda: scenario.reload(project.id), lambda p: p.status is ProjectStatus.STAFFED
    )
    assert {(m.seat_index, m.person_id, m.placement_id) for m in staffed.members} == {
        (0, first.person_id, first.placement_id),
        (1, second.person_id, second.placement_id),
    }
    (event,) = await scenario.events("projects.project.staffed.v1")
    assert set(event["data"]["member_ids"]) == {str(first.person_id), str(second.person_id)}
    assert event["aggregateversion"] == staffed.version
    # the relay has handed the staffed event to RabbitMQ
    await eventually(
        lambda: _published_types(scenario.service), lambda t: "projects.project.staffed.v1" in t
    )


async def test_a_duplicate_delivery_has_no_second_effect(
    scenario: Scenario, broker: Broker
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED, seats=("E11",))
    (once,) = envelopes([confirmed(project, 0)])
    before = duplicates("projects.team", once.type)
    await publish(broker, [once, once])
    staffed = await eventually(
        lambda: scenario.reload(project.id), lambda p: p.status is ProjectStatus.STAFFED
    )
    # the second copy reaches the inbox and is dropped there
    await dropped_as_duplicate("projects.team", once.type, before)
    after = await scenario.reload(project.id)
    assert after.version == staffed.version
    assert len(after.members) == 1
    assert len(await scenario.events("projects.project.staffed.v1")) == 1


async def test_an_early_end_before_the_start_reopens_the_seat_and_announces_it(
    scenario: Scenario, broker: Broker
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    first, second = confirmed(project, 0), confirmed(project, 1)
    await publish(broker, [first, second])
    await eventually(
        lambda: scenario.reload(project.id), lambda p: p.status is ProjectStatus.STAFFED
    )
    (leaving,) = envelopes([ended(second, PlacementOutcome.TERMINATED_EARLY)])
    before = duplicates("projects.team", leaving.type)
    await publish(broker, [leaving, leaving])
    reopened = await eventually(
        lambda: scenario.reload(project.id), lambda p: p.status is ProjectStatus.PUBLISHED
    )
    assert reopened.filled_seats == {0}
    (member,) = [m for m in reopened.members if m.placement_id == second.placement_id]
    assert (member.ended_on, member.outcome) == (date(2027, 2, 15), "terminated_early")
    await dropped_as_duplicate("projects.team", leaving.type, before)
    (announced,) = await scenario.events("projects.project.updated.v1")
    assert announced["data"]["state"] == "published"
    assert announced["aggregateversion"] == (await scenario.reload(project.id)).version


async def test_a_placement_for_a_cancelled_project_is_not_added(
    scenario: Scenario, broker: Broker
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    await projects.cancel_project(scenario.uow(), staff, project.id)
    await publish(broker, [confirmed(project, 0)])
    await eventually(lambda: inbox_count(scenario.service), lambda n: n == 1)
    after = await scenario.reload(project.id)
    assert after.members == []
    assert after.status is ProjectStatus.CANCELLED


async def test_erasure_drops_the_person_as_contact_and_mentor_and_keeps_the_project(
    scenario: Scenario, broker: Broker
) -> None:
    person = uuid4()
    registrar = scenario.staff_of(uuid4(), person_id=person)
    municipality, staff = await scenario.municipality(registrar=registrar)
    assert municipality.contact_ids == [person]
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED, mentor_id=person)
    erasure = envelopes([PersonErased(version=1, person_id=person, erasure_id=uuid4())])
    before = duplicates("projects.erasure", erasure[0].type)
    await publish(broker, [erasure[0], erasure[0]])
    completed = await eventually(
        lambda: scenario.events("projects.erasure.completed.v1"), lambda e: len(e) == 1
    )
    assert completed[0]["data"]["person_id"] == str(person)
    assert completed[0]["data"]["erasure_id"] == erasure[0].data["erasure_id"]
    kept = await scenario.reload(project.id)
    assert kept.details.mentor_id is None
    assert kept.status is ProjectStatus.PUBLISHED
    async with scenario.uow() as uow:
        reloaded = await uow.municipalities.get(municipality.id)
        application = (await uow.applications.for_municipalities([municipality.id]))[
            municipality.id
        ]
    assert reloaded is not None
    assert reloaded.contact_ids == []
    assert all(a.mentor_id != person for a in application)
    # matching learns that the project has no Projektpat*in any more
    (updated,) = await scenario.events("projects.project.updated.v1")
    assert updated["data"]["mentor_id"] is None
    await dropped_as_duplicate("projects.erasure", erasure[0].type, before)
    assert len(await scenario.events("projects.erasure.completed.v1")) == 1
    # ids may stay where they are the events' subjects; no table of the domain keeps the person
    assert await _mentions(scenario, person, exclude=("outbox", "applied_versions")) == []


async def _mentions(scenario: Scenario, person: UUID, exclude: tuple[str, ...]) -> list[str]:
    """Tables (other than `exclude`) that still hold the person's id anywhere in a row."""
    snapshot = await scenario.snapshot()
    return [
        table
        for table, rows in snapshot.items()
        if table not in exclude and any(str(person) in repr(row) for row in rows)
    ]


async def _published_types(service: Service) -> set[str]:
    outbox = messaging.outbox
    async with service.database.session() as session:
        rows = await session.execute(
            select(outbox.c.event_type).where(outbox.c.published_at.is_not(None))
        )
        return set(rows.scalars())


def duplicates(consumer: str, event_type: str) -> float:
    """How many deliveries the consumer dropped as already seen (its inbox said so)."""
    labels = {"consumer": consumer, "event_type": event_type, "outcome": "duplicate"}
    return REGISTRY.get_sample_value("lokal_events_consumed_total", labels) or 0.0


async def dropped_as_duplicate(consumer: str, event_type: str, before: float) -> None:
    async def probe() -> float:
        return duplicates(consumer, event_type)

    await eventually(probe, lambda n: n >= before + 1)
