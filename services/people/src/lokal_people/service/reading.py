"""Reading persons and applications, each read authorised like the write paths."""

from __future__ import annotations

from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, InvalidInput, NotFound
from lokal_kit.graphql.pagination import PageRequest
from lokal_people.domain.persons import Person
from lokal_people.domain.pipeline import MakerApplication, MakerStage
from lokal_people.domain.search import PersonQuery
from lokal_people.service.access import Access, access_to, needs_placements
from lokal_people.service.unit_of_work import PeopleUnitOfWork


async def me(uow: PeopleUnitOfWork, principal: Principal) -> Person | None:
    """The signed-in person, or None while they have not registered."""
    person_id = principal.require_authenticated()
    async with uow.reading():
        return await uow.persons.get(person_id)


async def person(uow: PeopleUnitOfWork, principal: Principal, person_id: UUID) -> Person:
    """One person, for those who may see more of them than the id."""
    principal.require_authenticated()
    async with uow.reading():
        found = await uow.persons.get(person_id)
        placements = (
            (await uow.placements.of_persons([person_id])).get(person_id, [])
            if needs_placements(principal, person_id)
            else []
        )
    if found is None or access_to(principal, found, placements) is Access.NONE:
        # the same answer whether the person exists or not: ids must not probe for persons
        raise NotFound(f"no person {person_id} that you may see")
    return found


async def find_persons(
    uow: PeopleUnitOfWork, principal: Principal, query: PersonQuery, page: PageRequest
) -> tuple[list[tuple[Person, str]], int]:
    """The programme team's search: persons with their sort keys, and the total count."""
    principal.require_programme()
    async with uow.reading():
        if query.competences:
            unknown = {c.competence_id for c in query.competences} - await uow.catalogue.known(
                c.competence_id for c in query.competences
            )
            if unknown:
                raise InvalidInput(
                    f"not in the competence catalogue: {', '.join(sorted(unknown))}",
                    field="filter.competences",
                )
        keyed, total = await uow.persons.search(query, page)
        found = await uow.persons.get_many(pid for pid, _ in keyed)
    return [(found[pid], key) for pid, key in keyed if pid in found], total


async def application(
    uow: PeopleUnitOfWork, principal: Principal, application_id: UUID
) -> MakerApplication:
    principal.require_authenticated()
    async with uow.reading():
        found = await uow.applications.get(application_id)
    if found is None:
        raise NotFound(f"no maker application {application_id}")
    if not (principal.is_programme or principal.is_person(found.person_id)):
        raise Forbidden("only the maker and the programme team may see an application")
    return found


async def applications(
    uow: PeopleUnitOfWork, principal: Principal, stage: MakerStage | None, page: PageRequest
) -> list[MakerApplication]:
    principal.require_programme()
    async with uow.reading():
        return await uow.applications.page(stage, page)
