"""The competence catalogue: import (all or nothing), search, roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.pagination import PageRequest
from lokal_people.domain.catalogue_import import parse_catalogue
from lokal_people.domain.competences import Competence, CompetenceRole, CompetenceType
from lokal_people.service.unit_of_work import PeopleUnitOfWork


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


async def import_catalogue(uow: PeopleUnitOfWork, text: str) -> ImportResult:
    """Every row is checked before anything is written; one bad row and nothing changes."""
    return await put_competences(uow, parse_catalogue(text))


async def put_competences(uow: PeopleUnitOfWork, competences: Sequence[Competence]) -> ImportResult:
    async with uow:
        added, updated = await uow.catalogue.put(competences)
        await uow.commit()
    return ImportResult(added, updated)


async def put_roles(uow: PeopleUnitOfWork, roles: Sequence[CompetenceRole]) -> None:
    """Replace the role layer; each role's competences must be in the catalogue."""
    async with uow:
        wanted = {c.competence_id for role in roles for c in role.competences}
        missing = wanted - await uow.catalogue.known(wanted)
        if missing:
            raise InvalidInput(
                f"roles name competences missing from the catalogue: {', '.join(sorted(missing))}",
                field="roles",
            )
        await uow.catalogue.put_roles(roles)
        await uow.commit()


async def search(
    uow: PeopleUnitOfWork,
    page: PageRequest,
    *,
    prefix: str | None,
    text: str | None,
    type: CompetenceType | None,
) -> tuple[list[Competence], int]:
    for name, value in (("prefix", prefix), ("text", text)):
        if value is not None and len(value) > 200:
            raise InvalidInput(f"{name} is longer than 200 characters", field=name)
    async with uow.reading():
        return await uow.catalogue.search(page, prefix=prefix, text=text, type=type)


async def roles(uow: PeopleUnitOfWork) -> list[CompetenceRole]:
    async with uow.reading():
        return await uow.catalogue.roles()
