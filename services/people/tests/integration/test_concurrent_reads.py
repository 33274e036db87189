"""A person is read in several statements; a change committed between them must not show up
as a person put together from two states (found by tests/faults: listing persons while others
were erased answered "a person needs at least one role")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import pytest

from lokal_kit.errors import Conflict
from lokal_kit.sqltypes import utcnow
from lokal_people.adapters.persons import READ_ATTEMPTS, PersonRepository
from lokal_people.domain.persons import PersonRole
from lokal_people.service import erasure, registration


@pytest.fixture
def between_statements(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], Awaitable[None]]]:
    """Changes to commit, one per reading attempt, once the reader has read the persons' rows
    and before it reads their roles (the changes' own reads are left alone)."""
    changes: list[Callable[[], Awaitable[None]]] = []
    sets = PersonRepository._sets
    changing = False

    async def interleaved(self: PersonRepository, ids: list[UUID]) -> Any:
        nonlocal changing
        if changes and not changing:
            changing = True
            try:
                await changes.pop(0)()
            finally:
                changing = False
        return await sets(self, ids)

    monkeypatch.setattr(PersonRepository, "_sets", interleaved)
    return changes


async def test_a_person_erased_while_being_read_is_not_found(
    uow, who, makers, between_statements
) -> None:
    person_id, _ = await makers.apply()

    async def erase() -> None:
        await erasure.erase_person(uow(), who.programme(), person_id, ["projects"], utcnow())

    between_statements.append(erase)
    async with uow() as reading:
        assert await reading.persons.get_many([person_id]) == {}
    assert not between_statements, "the erasure came between the reads"


async def test_a_person_changed_while_being_read_is_read_in_its_new_state(
    uow, who, makers, between_statements
) -> None:
    person_id, _ = await makers.apply()
    async with uow() as reading:
        before = await reading.persons.get(person_id)
    assert before is not None

    async def make_programme() -> None:
        await registration.set_roles(
            uow(), who.programme(), person_id, frozenset({PersonRole.PROGRAMME}), frozenset()
        )

    between_statements.append(make_programme)
    async with uow() as reading:
        person = await reading.persons.get(person_id)
    assert not between_statements
    assert person is not None
    assert (person.version, person.roles) == (before.version + 1, {PersonRole.PROGRAMME})


async def test_a_person_changing_on_every_read_gives_up_with_a_conflict(
    uow, who, makers, between_statements
) -> None:
    person_id, _ = await makers.apply()
    roles = [{PersonRole.PROGRAMME}, {PersonRole.PROGRAMME, PersonRole.MAKER}] * READ_ATTEMPTS

    def change(to: set[PersonRole]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await registration.set_roles(
                uow(), who.programme(), person_id, frozenset(to), frozenset()
            )

        return run

    between_statements.extend(change(to) for to in roles[:READ_ATTEMPTS])
    async with uow() as reading:
        with pytest.raises(Conflict):
            await reading.persons.get(person_id)
