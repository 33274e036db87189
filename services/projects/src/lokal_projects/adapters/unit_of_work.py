"""The projects service's unit of work: one transaction, its repositories and its events."""

from __future__ import annotations

from typing import Self

from lokal_kit.uow import UnitOfWork
from lokal_projects.adapters.applications import ApplicationRepository
from lokal_projects.adapters.municipalities import MunicipalityRepository
from lokal_projects.adapters.projects import ProjectRepository


class ProjectsUnitOfWork(UnitOfWork):
    municipalities: MunicipalityRepository
    applications: ApplicationRepository
    projects: ProjectRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.municipalities = MunicipalityRepository(self.session)
        self.applications = ApplicationRepository(self.session)
        self.projects = ProjectRepository(self.session)
        return self
