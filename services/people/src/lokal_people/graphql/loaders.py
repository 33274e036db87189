"""Per-request DataLoaders: one query per batch, whichever path asked (`_entities` too)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from strawberry.dataloader import DataLoader

from lokal_people.domain.competences import Competence
from lokal_people.domain.persons import Person
from lokal_people.domain.pipeline import MakerApplication
from lokal_people.domain.placements import Placement
from lokal_people.service.unit_of_work import PeopleUnitOfWork


class Loaders:
    def __init__(self, uow_factory: Callable[[], PeopleUnitOfWork]) -> None:
        self._uow = uow_factory
        self.persons = DataLoader[UUID, Person | None](self._persons)
        self.placements = DataLoader[UUID, list[Placement]](self._placements)
        self.applications = DataLoader[UUID, MakerApplication | None](self._applications)
        self.competences = DataLoader[str, Competence | None](self._competences)
        self.staff = DataLoader[UUID, list[UUID]](self._staff)

    async def _persons(self, ids: Sequence[UUID]) -> list[Person | None]:
        async with self._uow().reading() as uow:
            found = await uow.persons.get_many(ids)
        return [found.get(i) for i in ids]

    async def _placements(self, ids: Sequence[UUID]) -> list[list[Placement]]:
        async with self._uow().reading() as uow:
            found = await uow.placements.of_persons(ids)
        return [found.get(i, []) for i in ids]

    async def _applications(self, person_ids: Sequence[UUID]) -> list[MakerApplication | None]:
        async with self._uow().reading() as uow:
            found = await uow.applications.for_persons(person_ids)
        return [found.get(i) for i in person_ids]

    async def _competences(self, ids: Sequence[str]) -> list[Competence | None]:
        async with self._uow().reading() as uow:
            found = await uow.catalogue.get_many(ids)
        return [found.get(i) for i in ids]

    async def _staff(self, municipality_ids: Sequence[UUID]) -> list[list[UUID]]:
        async with self._uow().reading() as uow:
            found = await uow.persons.staff_of(municipality_ids)
        return [found.get(i, []) for i in municipality_ids]
