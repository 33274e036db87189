"""Listings, each filtered to what the caller may see."""

from __future__ import annotations

from lokal_kit.auth import Principal
from lokal_kit.graphql.pagination import PageRequest
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.application import MunicipalityApplication
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import Project
from lokal_projects.domain.queries import ApplicationQuery, MunicipalityQuery, ProjectQuery
from lokal_projects.service.access import audience


async def project_page(
    uow: ProjectsUnitOfWork, principal: Principal, query: ProjectQuery, page: PageRequest
) -> tuple[list[Project], int]:
    """Anyone sees published (and later) projects; drafts only the Kommune and the programme."""
    async with uow.reading():
        return await uow.projects.page(query, audience(principal), page.after, page.fetch)


async def municipality_page(
    uow: ProjectsUnitOfWork, query: MunicipalityQuery, page: PageRequest
) -> tuple[list[Municipality], int]:
    """Municipalities are public."""
    async with uow.reading():
        return await uow.municipalities.page(query, page.after, page.fetch)


async def application_page(
    uow: ProjectsUnitOfWork, principal: Principal, query: ApplicationQuery, page: PageRequest
) -> tuple[list[MunicipalityApplication], int]:
    """The programme team sees all applications, a Kommune's staff their own."""
    principal.require_authenticated()
    async with uow.reading():
        return await uow.applications.page(query, audience(principal), page.after, page.fetch)
