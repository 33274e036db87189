"""The people service's unit of work: one transaction, its repositories, its events."""

from __future__ import annotations

from typing import Self

from lokal_kit.uow import UnitOfWork
from lokal_people.adapters.applications import ApplicationRepository
from lokal_people.adapters.catalogue import CatalogueRepository
from lokal_people.adapters.erasures import ErasureRepository
from lokal_people.adapters.persons import PersonRepository
from lokal_people.adapters.placements import PlacementRepository


class PeopleUnitOfWork(UnitOfWork):
    persons: PersonRepository
    applications: ApplicationRepository
    catalogue: CatalogueRepository
    placements: PlacementRepository
    erasures: ErasureRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.persons = PersonRepository(self.session)
        self.applications = ApplicationRepository(self.session)
        self.catalogue = CatalogueRepository(self.session)
        self.placements = PlacementRepository(self.session)
        self.erasures = ErasureRepository(self.session)
        return self
