"""The lifecycle commands of a project, each one transaction with the event it announces."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from lokal_contracts.projects import (
    ProjectCancelled,
    ProjectCompleted,
    ProjectStarted,
    ProjectSubmitted,
)
from lokal_kit.auth import Principal
from lokal_kit.errors import NotFound
from lokal_kit.sqltypes import utcnow
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import ANNOUNCED, Project
from lokal_projects.service import events
from lokal_projects.service.access import require_staff
from lokal_projects.service.clock import today
from lokal_projects.service.commands import DraftProject, EditProject
from lokal_projects.service.municipalities import municipality_for_staff


async def draft_project(
    uow: ProjectsUnitOfWork, principal: Principal, command: DraftProject
) -> Project:
    principal.require_authenticated()
    async with uow:
        await municipality_for_staff(uow, principal, command.municipality_id)
        project = Project.draft(
            id=command.project_id,
            municipality_id=command.municipality_id,
            details=command.details(),
            now=utcnow(),
        )
        await uow.projects.add(project)
        await uow.commit()
    return project


async def edit_project(
    uow: ProjectsUnitOfWork, principal: Principal, project_id: UUID, command: EditProject
) -> Project:
    principal.require_authenticated()
    async with uow:
        project, municipality = await _for_staff(uow, principal, project_id)
        became_staffed = project.edit(command.applied_to(project.details), utcnow())
        await uow.projects.save(project)
        if project.status in ANNOUNCED:
            uow.publish(events.updated(project, municipality))
        if became_staffed:
            uow.publish(events.staffed(project))
        await uow.commit()
    return project


async def submit_project(
    uow: ProjectsUnitOfWork, principal: Principal, project_id: UUID
) -> Project:
    principal.require_authenticated()
    async with uow:
        project, _ = await _for_staff(uow, principal, project_id)
        project.submit(utcnow())
        await uow.projects.save(project)
        uow.publish(
            ProjectSubmitted(
                version=project.version,
                project_id=project.id,
                municipality_id=project.municipality_id,
            )
        )
        await uow.commit()
    return project


async def publish_project(
    uow: ProjectsUnitOfWork, principal: Principal, project_id: UUID
) -> Project:
    principal.require_programme()
    async with uow:
        project, municipality = await _existing(uow, project_id)
        accepted = await uow.applications.has_accepted(municipality.id)
        project.publish(municipality_accepted=accepted, now=utcnow())
        await uow.projects.save(project)
        uow.publish(events.published(project, municipality))
        await uow.commit()
    return project


async def start_project(
    uow: ProjectsUnitOfWork,
    principal: Principal,
    project_id: UUID,
    started_on: date | None = None,
) -> Project:
    principal.require_authenticated()
    async with uow:
        project, _ = await _for_staff(uow, principal, project_id)
        started = started_on or today()
        project.start(started, utcnow())
        await uow.projects.save(project)
        uow.publish(
            ProjectStarted(version=project.version, project_id=project.id, started_on=started)
        )
        await uow.commit()
    return project


async def complete_project(
    uow: ProjectsUnitOfWork,
    principal: Principal,
    project_id: UUID,
    completed_on: date | None = None,
) -> Project:
    principal.require_authenticated()
    async with uow:
        project, _ = await _for_staff(uow, principal, project_id)
        completed = completed_on or today()
        project.complete(completed, utcnow())
        await uow.projects.save(project)
        uow.publish(
            ProjectCompleted(version=project.version, project_id=project.id, completed_on=completed)
        )
        await uow.commit()
    return project


async def cancel_project(
    uow: ProjectsUnitOfWork, principal: Principal, project_id: UUID
) -> Project:
    principal.require_authenticated()
    async with uow:
        project, _ = await _for_staff(uow, principal, project_id)
        project.cancel(utcnow())
        await uow.projects.save(project)
        uow.publish(
            ProjectCancelled(
                version=project.version,
                project_id=project.id,
                municipality_id=project.municipality_id,
            )
        )
        await uow.commit()
    return project


async def _existing(uow: ProjectsUnitOfWork, project_id: UUID) -> tuple[Project, Municipality]:
    project = await uow.projects.get(project_id, lock=True)
    municipality = (
        None if project is None else await uow.municipalities.get(project.municipality_id)
    )
    if project is None or municipality is None:
        raise NotFound("there is no project with this id", projectId=str(project_id))
    return project, municipality


async def _for_staff(
    uow: ProjectsUnitOfWork, principal: Principal, project_id: UUID
) -> tuple[Project, Municipality]:
    project, municipality = await _existing(uow, project_id)
    require_staff(principal, municipality)
    return project, municipality
