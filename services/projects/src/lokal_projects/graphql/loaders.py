"""Batched loads, one per request: whatever the number of keys, a fixed number of statements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.application import MunicipalityApplication
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import Project
from lokal_projects.service import personal_data


class Loaders:
    def __init__(self, uow_factory: Callable[[], ProjectsUnitOfWork]) -> None:
        self._uow = uow_factory
        self.projects = DataLoader[UUID, Project | None](load_fn=self._projects)
        self.municipalities = DataLoader[UUID, Municipality | None](load_fn=self._municipalities)
        self.applications_of = DataLoader[UUID, list[MunicipalityApplication]](
            load_fn=self._applications_of
        )
        self.application = DataLoader[UUID, MunicipalityApplication | None](
            load_fn=self._applications
        )
        self.exports = DataLoader[UUID, dict[str, Any]](load_fn=self._exports)

    def remember_projects(self, projects: Sequence[Project]) -> None:
        for project in projects:
            self.projects.prime(project.id, project)

    def remember_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        for municipality in municipalities:
            self.municipalities.prime(municipality.id, municipality)

    async def _projects(self, ids: list[UUID]) -> list[Project | None]:
        async with self._uow().reading() as uow:
            return await uow.projects.get_many(ids)

    async def _municipalities(self, ids: list[UUID]) -> list[Municipality | None]:
        async with self._uow().reading() as uow:
            return await uow.municipalities.get_many(ids)

    async def _applications_of(self, ids: list[UUID]) -> list[list[MunicipalityApplication]]:
        async with self._uow().reading() as uow:
            found = await uow.applications.for_municipalities(ids)
        return [found[i] for i in ids]

    async def _applications(self, ids: list[UUID]) -> list[MunicipalityApplication | None]:
        async with self._uow().reading() as uow:
            return await uow.applications.get_many(ids)

    async def _exports(self, person_ids: list[UUID]) -> list[dict[str, Any]]:
        return await personal_data.exports(self._uow(), person_ids)
