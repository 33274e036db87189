"""What matching's integration tests share: the system under test, events, principals."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, select

from lokal_contracts import people, projects
from lokal_contracts.common import (
    Availability,
    Background,
    CompetenceLevel,
    CompetenceRequirement,
    RegionWishes,
    Seat,
    Topic,
    WorkMode,
)
from lokal_kit.auth import Principal, Role
from lokal_kit.messaging.broker import Broker
from lokal_kit.service import Service
from lokal_kit.testing.events import publish
from lokal_kit.testing.waiting import eventually
from lokal_kit.worker import Worker
from lokal_matching.adapters.tables import messaging, metadata
from lokal_matching.service.uow import Matching

KEPT = ("pay_rates", "pool_revisions")
"""Reference data the migrations load; every test needs it."""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class System:
    service: Service
    matching: Matching
    clock: Clock

    async def execute(self, principal: Principal, query: str, **variables: Any) -> Any:
        return await self.service.schema.execute(
            query,
            # federation's _entities consumes its representations: keep the caller's intact
            variable_values=copy.deepcopy(variables),
            context_value=self.service.context_factory(principal),
        )

    async def outbox(self, event_type: str | None = None) -> list[dict[str, Any]]:
        import json

        statement = select(messaging.outbox.c.envelope).order_by(messaging.outbox.c.position)
        if event_type:
            statement = statement.where(messaging.outbox.c.event_type == event_type)
        async with self.service.database.session() as session:
            return [json.loads(row.envelope) for row in await session.execute(statement)]

    async def count(self, table: str) -> int:
        async with self.service.database.session() as session:
            return int(
                await session.scalar(select(func.count()).select_from(metadata.tables[table])) or 0
            )


Feed = Callable[[Sequence[Any]], Awaitable[None]]


async def feeding(system: System, broker: Broker) -> AsyncIterator[Feed]:
    worker = Worker(system.service, broker, retry_delays=(0.05, 0.1), poll_interval=0.05)
    await worker.start()
    inbox = messaging.inbox

    async def feed(events: Sequence[Any]) -> None:
        sent = await publish(broker, list(events))
        wanted = {envelope.id for envelope in sent}

        async def seen() -> set[UUID]:
            async with system.service.database.session() as session:
                rows = await session.execute(
                    select(inbox.c.event_id).where(inbox.c.event_id.in_(wanted))
                )
                return {row.event_id for row in rows}

        await eventually(seen, lambda found: found == wanted)

    try:
        yield feed
    finally:
        await worker.stop(5)


PROGRAMME = Principal(person_id=uuid4(), roles=frozenset({Role.PROGRAMME}))


def maker_principal(person_id: UUID) -> Principal:
    return Principal(person_id=person_id, roles=frozenset({Role.MAKER}))


def staff_principal(municipality_id: UUID) -> Principal:
    return Principal(
        person_id=uuid4(),
        roles=frozenset({Role.MUNICIPALITY}),
        municipality_ids=frozenset({municipality_id}),
    )


def selected(
    person_id: UUID | None = None,
    *,
    version: int = 1,
    competences: dict[str, int] | None = None,
    experience_years: int = 4,
    earliest_start: date = date(2026, 2, 1),
    prefixes: Sequence[str] = ("06",),
) -> people.MakerSelected:
    return people.MakerSelected(
        person_id=person_id or uuid4(),
        version=version,
        competences=[
            CompetenceLevel(competence_id=c, level=level)
            for c, level in (competences or {"esco:data": 3, "esco:ux": 2}).items()
        ],
        availability=Availability(earliest_start=earliest_start, months=12),
        regions=RegionWishes(ags_prefixes=list(prefixes), willing_to_relocate=True),
        topics=[Topic.DIGITALISATION],
        background=Background.BUSINESS,
        experience_years=experience_years,
    )


def updated_profile(
    event: people.MakerSelected, *, version: int, stage: people.Stage, **changes: Any
) -> people.ProfileUpdated:
    values = {**event.model_dump(), "version": version, "stage": stage, **changes}
    return people.ProfileUpdated.model_validate(values)


def published(
    project_id: UUID | None = None,
    *,
    version: int = 1,
    municipality_id: UUID | None = None,
    seats: int = 2,
    start: date = date(2026, 3, 1),
    months: int = 6,
    mentor_id: UUID | None = None,
    requirements: Sequence[tuple[str, int, bool]] = (("esco:data", 2, True), ("esco:ux", 2, False)),
) -> projects.ProjectPublished:
    return projects.ProjectPublished(
        project_id=project_id or uuid4(),
        version=version,
        municipality_id=municipality_id or uuid4(),
        ags="06636003",
        topic=Topic.DIGITALISATION,
        requirements=[
            CompetenceRequirement(competence_id=c, min_level=level, must_have=must)
            for c, level, must in requirements
        ],
        seats=[Seat(pay_group="E11") for _ in range(seats)],
        planned_start=start,
        duration_months=months,
        work_mode=WorkMode.ON_SITE,
        mentor_id=mentor_id,
    )


def project_updated(
    event: projects.ProjectPublished, *, version: int, state: projects.ProjectState, **changes: Any
) -> projects.ProjectUpdated:
    values = {**event.model_dump(), "version": version, "state": state, **changes}
    return projects.ProjectUpdated.model_validate(values)


def data(result: Any) -> Any:
    assert result.errors is None, result.errors
    return result.data


def error_code(result: Any) -> str:
    assert result.errors, result.data
    return str(result.errors[0].extensions["code"])
