"""What the learning integration tests share: people, the service on a test clock, a world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from strawberry.types import ExecutionResult

from lokal_contracts.demo import demo_id
from lokal_contracts.matching import PlacementConfirmed
from lokal_kit.auth import ANONYMOUS, Principal, Role
from lokal_kit.service import Service
from lokal_learning.adapters.tables import metadata
from lokal_learning.domain.kinds import SessionFormat, SessionKind
from lokal_learning.service import placements
from lokal_learning.service.unit_of_work import Runtime

MUNICIPALITY = demo_id("municipality", "eschwege")
PEOPLE = {
    "programme": demo_id("person", "programme-lena"),
    "municipality": demo_id("person", "staff-eschwege"),
    "mentor": demo_id("person", "mentor-eschwege"),
    "maker": demo_id("person", "maker-01"),
    "facilitator": uuid4(),
    "coach": uuid4(),
}
PRINCIPALS = {
    "programme": Principal(PEOPLE["programme"], frozenset({Role.PROGRAMME})),
    "municipality": Principal(
        PEOPLE["municipality"], frozenset({Role.MUNICIPALITY}), frozenset({MUNICIPALITY})
    ),
    "mentor": Principal(PEOPLE["mentor"], frozenset({Role.MENTOR}), frozenset({MUNICIPALITY})),
    "maker": Principal(PEOPLE["maker"], frozenset({Role.MAKER})),
    "facilitator": Principal(PEOPLE["facilitator"]),
    "coach": Principal(PEOPLE["coach"]),
    "anonymous": ANONYMOUS,
}
PROGRAMME = PRINCIPALS["programme"]
COHORT_START = date(2026, 9, 1)


class Clock:
    """The service's clock, set by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Learning:
    service: Service
    rt: Runtime
    clock: Clock

    async def gql(
        self, document: str, principal: Principal = ANONYMOUS, **variables: Any
    ) -> ExecutionResult:
        return await self.service.schema.execute(
            document,
            variable_values=variables,
            context_value=self.service.context_factory(principal),
        )

    async def ok(self, document: str, principal: Principal = PROGRAMME, **variables: Any) -> Any:
        result = await self.gql(document, principal, **variables)
        assert result.errors is None, result.errors
        return result.data

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: what a refused request must leave as it was."""
        rows = {}
        async with self.service.database.session() as session:
            for table in metadata.sorted_tables:
                found = (await session.execute(select(table))).all()
                rows[table.name] = sorted((tuple(r) for r in found), key=repr)
        return rows


@dataclass
class World:
    """A cohort starting 1 Sept 2026, one maker placed in it; the clock on 10 Sept."""

    template_id: UUID
    cohort_id: UUID
    enrollment_id: UUID
    placement_id: UUID
    sessions: dict[str, UUID]


WORLD_PLAN = [
    (SessionKind.ONBOARDING, "Auftakt", 0, time(9, 30), 120, True, 10, 1, None),
    (SessionKind.WORKSHOP, "Agile Methoden", 14, time(10), 180, False, 2, 1, None),
    (SessionKind.NETWORKING, "Vernetzung", 20, time(18), 120, False, 30, 1, None),
    (SessionKind.COACHING, "Gruppen-Coaching", 28, time(10), 120, True, 10, 3, 28),
]


def world_template_items() -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "title": title,
            "description": f"{title}: worum es geht",
            "offset_days": offset,
            "start_time": start,
            "duration_minutes": minutes,
            "format": SessionFormat.ONLINE,
            "mandatory": mandatory,
            "capacity": capacity,
            "occurrences": occurrences,
            "repeat_every_days": every,
        }
        for (kind, title, offset, start, minutes, mandatory, capacity, occurrences, every) in (
            WORLD_PLAN
        )
    ]


def confirmed(
    person_id: UUID, *, starts_on: date = COHORT_START, **extra: Any
) -> PlacementConfirmed:
    values: dict[str, Any] = {
        "placement_id": uuid4(),
        "project_id": uuid4(),
        "person_id": person_id,
        "municipality_id": MUNICIPALITY,
        "mentor_id": PEOPLE["mentor"],
        "seat_index": 0,
        "team_size": 2,
        "starts_on": starts_on,
        "ends_on": date(2027, 2, 28),
        "pay_group": "E13",
        "step": 2,
        "version": 3,
    }
    values.update(extra)
    return PlacementConfirmed(**values)


async def place(learning: Learning, event: PlacementConfirmed) -> None:
    async with learning.rt.uow_factory() as uow:
        await placements.placement_confirmed(event, uow, learning.clock())
        await uow.commit()


def error_code(result: ExecutionResult) -> str | None:
    """The `extensions.code` of the first error, None when there is none."""
    if not result.errors:
        return None
    return str((result.errors[0].extensions or {}).get("code"))
