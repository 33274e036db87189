"""A Kommune applies to a programme round; the programme team reviews and decides."""

from __future__ import annotations

from uuid import UUID

from lokal_contracts.projects import ApplicationDecided, ApplicationDecision
from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, NotFound
from lokal_kit.sqltypes import utcnow
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.application import (
    BLOCKING,
    ApplicationStatus,
    MunicipalityApplication,
    programme_round,
)
from lokal_projects.service.access import require_staff
from lokal_projects.service.commands import ApplyForProgramme
from lokal_projects.service.municipalities import existing_municipality, municipality_for_staff


async def apply_for_programme(
    uow: ProjectsUnitOfWork, principal: Principal, command: ApplyForProgramme
) -> MunicipalityApplication:
    principal.require_authenticated()
    async with uow:
        await municipality_for_staff(uow, principal, command.municipality_id)
        round = programme_round(command.round)
        earlier = await uow.applications.in_round(command.municipality_id, round)
        if any(a.status in BLOCKING for a in earlier):
            raise Conflict(
                f"the municipality has an open or accepted application to {round} already",
                field="round",
            )
        application = MunicipalityApplication.submit(
            id=command.application_id,
            municipality_id=command.municipality_id,
            round=round,
            motivation=command.motivation,
            problem=command.problem,
            mentor_id=command.mentor_id,
            now=utcnow(),
        )
        await uow.applications.add(application)
        await uow.commit()
    return application


async def start_review(
    uow: ProjectsUnitOfWork, principal: Principal, application_id: UUID
) -> MunicipalityApplication:
    principal.require_programme()
    async with uow:
        application = await _existing(uow, application_id)
        application.start_review()
        await uow.applications.save(application)
        await uow.commit()
    return application


async def decide(
    uow: ProjectsUnitOfWork,
    principal: Principal,
    application_id: UUID,
    *,
    accept: bool,
    reason: str,
) -> MunicipalityApplication:
    principal.require_programme()
    async with uow:
        application = await _existing(uow, application_id)
        application.decide(accept=accept, reason=reason, now=utcnow())
        await uow.applications.save(application)
        uow.publish(
            ApplicationDecided(
                version=application.version,
                application_id=application.id,
                municipality_id=application.municipality_id,
                decision=ApplicationDecision(application.status.value),
                mentor_id=application.mentor_id,
            )
        )
        await uow.commit()
    return application


async def withdraw(
    uow: ProjectsUnitOfWork, principal: Principal, application_id: UUID
) -> MunicipalityApplication:
    principal.require_authenticated()
    async with uow:
        application = await _existing(uow, application_id)
        require_staff(principal, await existing_municipality(uow, application.municipality_id))
        application.withdraw(utcnow())
        await uow.applications.save(application)
        await uow.commit()
    return application


async def _existing(uow: ProjectsUnitOfWork, application_id: UUID) -> MunicipalityApplication:
    application = await uow.applications.get(application_id)
    if application is None:
        raise NotFound(
            "there is no municipality application with this id",
            applicationId=str(application_id),
        )
    return application


def accepted_rounds(applications: list[MunicipalityApplication]) -> list[str]:
    return sorted({a.round for a in applications if a.status is ApplicationStatus.ACCEPTED})
