"""The people service's events over real RabbitMQ: what it announces, what it consumes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from lokal_contracts import Envelope
from lokal_contracts.demo import demo_id
from lokal_contracts.learning import LearningErasureCompleted
from lokal_contracts.matching import (
    MatchingErasureCompleted,
    PlacementConfirmed,
    PlacementEnded,
    PlacementOutcome,
)
from lokal_contracts.people import MakerSelected, PersonErased
from lokal_contracts.projects import ProjectsErasureCompleted
from lokal_kit.messaging.broker import Broker, Delivery, QueueSpec
from lokal_kit.service import Service
from lokal_kit.testing.events import envelopes, publish
from lokal_kit.testing.waiting import eventually
from lokal_kit.worker import Worker
from lokal_people.seed import skills

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]
ESCHWEGE = demo_id("municipality", "eschwege")


class Listener:
    """Another service's queue, bound to the events it wants: records what arrives."""

    def __init__(self) -> None:
        self.received: list[Envelope] = []

    async def handle(self, delivery: Delivery) -> None:
        self.received.append(Envelope.from_json(delivery.body))
        await delivery.ack()

    def of(self, event_type: str) -> list[dict[str, Any]]:
        return [e.data for e in self.received if e.type == event_type]


@asynccontextmanager
async def listening(broker: Broker, name: str, *keys: str) -> AsyncIterator[Listener]:
    listener = Listener()
    consumption = await broker.consume(
        QueueSpec(name=name, routing_keys=keys, retry_delays=(0.1,)), listener.handle, prefetch=20
    )
    try:
        yield listener
    finally:
        await consumption.cancel()
        await consumption.close()


@asynccontextmanager
async def running(people: Service, broker: Broker) -> AsyncIterator[Worker]:
    worker = Worker(people, broker, retry_delays=(0.1, 0.2), poll_interval=0.05)
    await worker.start()
    try:
        yield worker
    finally:
        await worker.stop(5.0)


async def test_a_selected_maker_is_announced_to_matching_without_personal_data(
    people, makers, rabbit_brokers
) -> None:
    broker = await rabbit_brokers()
    async with (
        listening(broker, "matching.candidates", MakerSelected.event_type) as matching,
        running(people, broker),
    ):
        person_id, _ = await makers.selected(
            name="Pia Pool",
            email="pia.pool@example.org",
            competences=[
                {
                    "competenceId": skills.PROCESS_MODELLING,
                    "level": 4,
                    "years": 6,
                    "evidence": "Modelled every process of a Bürgeramt.",
                },
                {"competenceId": skills.SQL, "level": 2},
            ],
            regions={"states": ["09"], "agsPrefixes": ["14626"], "willingToRelocate": True},
            availability={"earliestStart": "2027-03-01", "months": 12, "workload": "PART_TIME"},
            topics=["PROCESS_MODERNISATION"],
            experienceYears=11,
            background="PUBLIC_SECTOR",
        )
        selected = await eventually(
            lambda: _async(matching.of(MakerSelected.event_type)), lambda found: len(found) == 1
        )
    payload = selected[0]
    assert payload == {
        "version": payload["version"],
        "person_id": str(person_id),
        "competences": [
            {"competence_id": skills.PROCESS_MODELLING, "level": 4},
            {"competence_id": skills.SQL, "level": 2},
        ],
        "availability": {"earliest_start": "2027-03-01", "months": 12, "workload": "part_time"},
        "regions": {"states": ["09"], "ags_prefixes": ["14626"], "willing_to_relocate": True},
        "topics": ["process_modernisation"],
        "background": "public_sector",
        "experience_years": 11,
    }
    assert payload["version"] >= 2
    raw = json.dumps([e.model_dump(mode="json") for e in matching.received])
    for personal in ("Pia", "Pool", "pia.pool@example.org", "Bürgeramt"):
        assert personal not in raw


async def test_profile_changes_of_a_pool_member_follow_with_a_higher_version(
    people, makers, gql, who, rabbit_brokers
) -> None:
    broker = await rabbit_brokers()
    keys = (MakerSelected.event_type, "people.profile.updated.v1")
    async with listening(broker, "matching.candidates", *keys) as matching, running(people, broker):
        person_id, _ = await makers.selected()
        await gql(
            "mutation { updateMyMakerProfile(input: {experienceYears: 9}) { id } }",
            who.maker(person_id),
        )
        await eventually(lambda: _async(matching.received), lambda found: len(found) == 2)
    selected, updated = matching.received
    assert (selected.type, updated.type) == keys
    assert updated.data["experience_years"] == 9
    assert updated.data["stage"] == "selected"
    assert updated.aggregateversion > selected.aggregateversion


async def stage_of(gql, who, person_id: UUID) -> str | None:
    result = await gql(
        "query($id: ID!) { person(id: $id) { stage } }", who.programme(), id=str(person_id)
    )
    return result.data["person"]["stage"]


async def test_placement_events_make_a_maker_placed_then_alumni_once(
    people, makers, gql, who, rabbit_brokers
) -> None:
    broker = await rabbit_brokers()
    person_id, application_id = await makers.selected()
    placement_id, mentor_id = uuid4(), demo_id("person", "mentor-eschwege")
    confirmed = envelopes(
        [
            PlacementConfirmed(
                placement_id=placement_id,
                project_id=uuid4(),
                person_id=person_id,
                municipality_id=ESCHWEGE,
                mentor_id=mentor_id,
                seat_index=0,
                team_size=3,
                starts_on=date(2027, 3, 1),
                ends_on=date(2028, 2, 29),
                pay_group="E13",
                step=3,
                version=4,
            )
        ]
    )[0]
    stages = "people.application.stage_changed.v1"
    async with (
        listening(broker, "projects.people-stages", stages) as others,
        running(people, broker),
    ):
        await publish(broker, [confirmed, confirmed])  # at least once: delivered twice
        await eventually(lambda: stage_of(gql, who, person_id), lambda s: s == "PLACED")
        staff_view = await gql(
            "query($id: ID!) { person(id: $id) { name email } }",
            who.staff(uuid4(), ESCHWEGE),
            id=str(person_id),
        )
        assert staff_view.data["person"] == {"name": "Erika Musterfrau", "email": None}
        ended = PlacementEnded(
            placement_id=placement_id,
            project_id=confirmed.data["project_id"],
            person_id=person_id,
            ended_on=date(2028, 2, 29),
            outcome=PlacementOutcome.COMPLETED,
            version=7,
        )
        await publish(broker, [ended])
        await eventually(lambda: stage_of(gql, who, person_id), lambda s: s == "ALUMNI")
        await eventually(
            lambda: _async(others.of(stages)),
            lambda found: [e["stage"] for e in found][-2:] == ["placed", "alumni"],
        )
    history = await gql(
        "query($id: ID!) { makerApplication(id: $id) { history { stage } } }",
        who.programme(),
        id=str(application_id),
    )
    assert [h["stage"] for h in history.data["makerApplication"]["history"]] == [
        "APPLIED",
        "SCREENING",
        "INTERVIEW",
        "SELECTED",
        "PLACED",
        "ALUMNI",
    ]
    assert [e["stage"] for e in others.of(stages)].count("placed") == 1


async def test_an_erasure_completes_when_projects_matching_and_learning_confirm(
    people, makers, gql, who, rabbit_brokers
) -> None:
    broker = await rabbit_brokers()
    person_id, _ = await makers.selected()
    erased_type = PersonErased.event_type
    async with (
        listening(broker, "matching.erasure", erased_type) as matching,
        running(people, broker),
    ):
        erased = await gql(
            "mutation($id: ID!) { erasePerson(personId: $id) { id } }",
            who.maker(person_id),
            id=str(person_id),
        )
        erasure_id = erased.data["erasePerson"]["id"]
        announced = await eventually(
            lambda: _async(matching.of(erased_type)), lambda found: len(found) == 1
        )
        assert announced[0]["person_id"] == str(person_id)
        assert announced[0]["erasure_id"] == erasure_id

        async def status() -> dict[str, Any]:
            result = await gql(
                "query($id: ID!) { erasureRequest(id: $id) { pendingServices done } }",
                who.programme(),
                id=erasure_id,
            )
            return result.data["erasureRequest"]

        confirmations = [
            event(erasure_id=UUID(erasure_id), person_id=person_id, version=1)
            for event in (ProjectsErasureCompleted, MatchingErasureCompleted)
        ]
        await publish(broker, confirmations)
        await eventually(status, lambda s: s["pendingServices"] == ["learning"])
        assert (await status())["done"] is False
        await publish(
            broker,
            [LearningErasureCompleted(erasure_id=UUID(erasure_id), person_id=person_id, version=1)],
        )
        await eventually(status, lambda s: s["done"] is True)


async def _async(value: Any) -> Any:
    return value
