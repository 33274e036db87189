"""Registering a Kommune, describing it, and who its contact persons are."""

from __future__ import annotations

from uuid import UUID

from lokal_contracts.projects import MunicipalityKind as ContractKind
from lokal_contracts.projects import MunicipalityRegistered
from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, NotFound
from lokal_kit.sqltypes import utcnow
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.values import Ags
from lokal_projects.service.access import require_registrar, require_staff
from lokal_projects.service.commands import RegisterMunicipality, ReviseMunicipality


async def register_municipality(
    uow: ProjectsUnitOfWork, principal: Principal, command: RegisterMunicipality
) -> Municipality:
    require_registrar(principal)
    person_id = principal.require_authenticated()
    ags = Ags(command.ags.strip())
    profile = command.profile()
    async with uow:
        if await uow.municipalities.get_by_ags(ags) is not None:
            raise Conflict(f"a municipality with AGS {ags} is registered already", field="ags")
        municipality = Municipality.register(
            id=command.municipality_id,
            ags=ags,
            profile=profile,
            registered_by=person_id,
            now=utcnow(),
        )
        await uow.municipalities.add(municipality)
        uow.publish(
            MunicipalityRegistered(
                version=municipality.version,
                municipality_id=municipality.id,
                ags=ags.value,
                state=municipality.state.code,
                kind=ContractKind(profile.kind.value),
            )
        )
        await uow.commit()
    return municipality


async def revise_municipality(
    uow: ProjectsUnitOfWork,
    principal: Principal,
    municipality_id: UUID,
    command: ReviseMunicipality,
) -> Municipality:
    principal.require_authenticated()
    async with uow:
        municipality = await municipality_for_staff(uow, principal, municipality_id)
        municipality.revise(command.applied_to(municipality.profile))
        await uow.municipalities.save(municipality)
        await uow.commit()
    return municipality


async def add_contact(
    uow: ProjectsUnitOfWork, principal: Principal, municipality_id: UUID, person_id: UUID
) -> Municipality:
    principal.require_authenticated()
    async with uow:
        municipality = await municipality_for_staff(uow, principal, municipality_id)
        municipality.add_contact(person_id)
        await uow.municipalities.save(municipality)
        await uow.commit()
    return municipality


async def remove_contact(
    uow: ProjectsUnitOfWork, principal: Principal, municipality_id: UUID, person_id: UUID
) -> Municipality:
    principal.require_authenticated()
    async with uow:
        municipality = await municipality_for_staff(uow, principal, municipality_id)
        municipality.remove_contact(person_id)
        await uow.municipalities.save(municipality)
        await uow.commit()
    return municipality


async def existing_municipality(uow: ProjectsUnitOfWork, municipality_id: UUID) -> Municipality:
    municipality = await uow.municipalities.get(municipality_id)
    if municipality is None:
        raise NotFound("there is no municipality with this id", municipalityId=str(municipality_id))
    return municipality


async def municipality_for_staff(
    uow: ProjectsUnitOfWork, principal: Principal, municipality_id: UUID
) -> Municipality:
    municipality = await existing_municipality(uow, municipality_id)
    require_staff(principal, municipality)
    return municipality
