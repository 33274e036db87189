"""DataLoaders: every batch of look-ups in a request becomes one SQL query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from lokal_kit.auth import Principal
from lokal_learning.domain.checkins import CheckIn
from lokal_learning.domain.cohorts import Cohort
from lokal_learning.domain.curriculum import CurriculumTemplate
from lokal_learning.domain.enrollments import Completion, Enrollment
from lokal_learning.domain.kinds import AttendanceStatus
from lokal_learning.domain.progress import MandatorySeat
from lokal_learning.domain.sessions import Participation, Session
from lokal_learning.service.export import personal_data
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Fetch = Callable[[LearningUnitOfWork, list[K]], Awaitable[dict[K, V]]]


def _loader(rt: Runtime, fetch: Fetch[K, Any], missing: Callable[[], V]) -> DataLoader[K, V]:
    async def load(keys: list[K]) -> list[V]:
        async with rt.uow_factory().reading() as uow:
            found = await fetch(uow, keys)
        return [found[key] if key in found else missing() for key in keys]

    return DataLoader(load_fn=load)


def _none() -> None:
    return None


class Loaders:
    """Per request: loaded objects are cached for the request only."""

    def __init__(self, rt: Runtime, principal: Principal) -> None:
        person_id = principal.person_id
        self.sessions: DataLoader[UUID, Session | None] = _loader(
            rt, lambda uow, ids: uow.sessions.by_ids(ids), _none
        )
        self.cohorts: DataLoader[UUID, Cohort | None] = _loader(
            rt, lambda uow, ids: uow.curricula.cohorts(ids), _none
        )
        self.templates: DataLoader[UUID, CurriculumTemplate | None] = _loader(
            rt, lambda uow, ids: uow.curricula.templates(ids), _none
        )
        self.enrollments: DataLoader[UUID, Enrollment | None] = _loader(
            rt, lambda uow, ids: uow.enrollments.by_ids(ids), _none
        )
        self.enrollments_of_person: DataLoader[UUID, list[Enrollment]] = _loader(
            rt, lambda uow, ids: uow.enrollments.of_persons(ids), list
        )
        self.enrollment_of_placement: DataLoader[UUID, Enrollment | None] = _loader(
            rt, lambda uow, ids: uow.enrollments.for_placements(ids), _none
        )
        self.mandatory_seats: DataLoader[UUID, list[MandatorySeat]] = _loader(
            rt, lambda uow, ids: uow.enrollments.mandatory_seats(ids), list
        )
        self.completions: DataLoader[UUID, Completion | None] = _loader(
            rt, lambda uow, ids: uow.enrollments.completions(ids), _none
        )
        self.check_ins: DataLoader[UUID, list[CheckIn]] = _loader(
            rt, lambda uow, ids: uow.enrollments.check_ins(ids), list
        )
        self.enrollment_counts: DataLoader[UUID, dict[str, int]] = _loader(
            rt, lambda uow, ids: uow.enrollments.status_counts(ids), dict
        )
        self.seats: DataLoader[UUID, list[Participation]] = _loader(
            rt, lambda uow, ids: uow.sessions.seats_of(ids), list
        )
        self.seat_counts: DataLoader[UUID, dict[str, int]] = _loader(
            rt, lambda uow, ids: uow.sessions.seat_counts(ids), dict
        )
        self.attendance: DataLoader[UUID, dict[UUID, AttendanceStatus]] = _loader(
            rt, lambda uow, ids: uow.sessions.attendance_of(ids), dict
        )
        self.anonymous_counts: DataLoader[UUID, dict[str, int]] = _loader(
            rt, lambda uow, ids: uow.persons.anonymous(ids), dict
        )
        self.my_seats: DataLoader[UUID, Participation | None] = _loader(
            rt,
            lambda uow, ids: (
                uow.sessions.seats_of_person(person_id, ids) if person_id else _nothing()
            ),
            _none,
        )

        async def export(person_ids: list[UUID]) -> list[dict[str, Any]]:
            documents = await personal_data(rt, principal, person_ids)
            return [documents[person_id] for person_id in person_ids]

        self.exports: DataLoader[UUID, dict[str, Any]] = DataLoader(load_fn=export)


async def _nothing() -> dict[Any, Any]:
    return {}
