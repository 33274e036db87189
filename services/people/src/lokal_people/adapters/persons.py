"""Persons with their roles, memberships, consents and maker profile."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    String,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import Conflict
from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.adapters.person_records import person_of, with_profile
from lokal_people.adapters.person_search import search_persons
from lokal_people.domain.contact import email_key
from lokal_people.domain.persons import Person
from lokal_people.domain.profile import MakerProfile
from lokal_people.domain.search import PersonQuery

READ_ATTEMPTS = 3
"""How often a person changed by others while being read is read anew before giving up."""

_CHILDREN = (
    t.person_roles,
    t.person_municipalities,
    t.consents,
    t.maker_regions,
    t.maker_competences,
    t.maker_profiles,
)


class PersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._loaded: dict[UUID, int] = {}

    async def get(self, person_id: UUID) -> Person | None:
        return (await self.get_many([person_id])).get(person_id)

    async def get_many(self, ids: Iterable[UUID]) -> dict[UUID, Person]:
        """Each person with everything that belongs to them, in a fixed number of queries.

        Those queries each see what was committed when they began, so a change committed
        between them would mix two states of a person (an erasure: the row without its roles).
        Every change rewrites the person's own row too (`save` writes the version the change
        raised, `delete` removes it), so that row is read again by the last statement: a person
        whose row moved is read anew, one whose row is gone was erased meanwhile.
        """
        wanted = list(dict.fromkeys(ids))
        people: dict[UUID, Person] = {}
        for _ in range(READ_ATTEMPTS):
            if not wanted:
                break
            rows = (await self._session.execute(with_profile(wanted))).all()
            found = [row.id for row in rows]
            sets = await self._sets(found)
            consents = await self._rows(t.consents, found)
            competences, now = await self._competences_and_versions(found)
            people.update(
                {
                    row.id: person_of(row, sets[row.id], consents[row.id], competences[row.id])
                    for row in rows
                    if now.get(row.id) == row.version
                }
            )
            wanted = [row.id for row in rows if row.id in now and now[row.id] != row.version]
        if wanted:
            raise Conflict("the person is being changed; try again")
        self._loaded.update({pid: p.version for pid, p in people.items()})
        return people

    async def id_for_email(self, email_key: str) -> UUID | None:
        query = select(t.persons.c.id).where(t.persons.c.email_key == email_key)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def add(self, person: Person) -> None:
        await self._session.execute(insert(t.persons).values(_person_row(person)))
        await self._insert_children(person)

    async def save(self, person: Person) -> None:
        """Write the changed person; refuse if someone else changed it since it was loaded."""
        loaded = self._loaded[person.id]
        result: Any = await self._session.execute(
            update(t.persons)
            .where(t.persons.c.id == person.id, t.persons.c.version == loaded)
            .values(_person_row(person))
        )
        if result.rowcount != 1:
            raise Conflict("the person was changed at the same time; try again")
        self._loaded[person.id] = person.version
        for table in _CHILDREN:
            await self._session.execute(delete(table).where(table.c.person_id == person.id))
        await self._insert_children(person)

    async def delete(self, person_id: UUID) -> None:
        """The person and everything that hangs on them (foreign keys cascade)."""
        for table in _CHILDREN:
            await self._session.execute(delete(table).where(table.c.person_id == person_id))
        await self._session.execute(delete(t.persons).where(t.persons.c.id == person_id))

    async def search(
        self, query: PersonQuery, page: PageRequest
    ) -> tuple[list[tuple[UUID, str]], int]:
        return await search_persons(self._session, query, page)

    async def staff_of(self, municipality_ids: Sequence[UUID]) -> dict[UUID, list[UUID]]:
        """Mentors and staff of each Kommune, ordered by name."""
        query = (
            select(t.person_municipalities.c.municipality_id, t.persons.c.id)
            .join(t.persons, t.persons.c.id == t.person_municipalities.c.person_id)
            .where(one_of(t.person_municipalities.c.municipality_id, municipality_ids))
            .order_by(func.lower(t.persons.c.name), t.persons.c.id)
        )
        staff: dict[UUID, list[UUID]] = defaultdict(list)
        for municipality_id, person_id in (await self._session.execute(query)).all():
            staff[municipality_id].append(person_id)
        return staff

    async def _sets(self, ids: list[UUID]) -> dict[UUID, list[tuple[str, str]]]:
        """Roles, Kommunen and region wishes in one statement: (kind, value) per person."""
        grouped: dict[UUID, list[tuple[str, str]]] = defaultdict(list)
        if not ids:
            return grouped
        roles, municipalities, regions = t.person_roles, t.person_municipalities, t.maker_regions
        query = union_all(
            select(
                roles.c.person_id, literal("role").label("kind"), roles.c.role.label("value")
            ).where(one_of(roles.c.person_id, ids)),
            select(
                municipalities.c.person_id,
                literal("municipality"),
                cast(municipalities.c.municipality_id, String),
            ).where(one_of(municipalities.c.person_id, ids)),
            select(regions.c.person_id, regions.c.kind, regions.c.ags_prefix).where(
                one_of(regions.c.person_id, ids)
            ),
        )
        for person_id, kind, value in (await self._session.execute(query)).all():
            grouped[person_id].append((kind, value))
        return grouped

    async def _competences_and_versions(
        self, ids: list[UUID]
    ) -> tuple[dict[UUID, list[Any]], dict[UUID, int]]:
        """Maker competences, and the persons' versions read again in the same statement: it is
        the last of a read, and sees any change committed since the first."""
        competences: dict[UUID, list[Any]] = defaultdict(list)
        versions: dict[UUID, int] = {}
        if not ids:
            return competences, versions
        held = t.maker_competences
        query = (
            select(t.persons.c.id.label("of"), t.persons.c.version.label("now"), held)
            .outerjoin(held, held.c.person_id == t.persons.c.id)
            .where(one_of(t.persons.c.id, ids))
            .order_by(held.c.position)
        )
        for row in (await self._session.execute(query)).all():
            versions[row.of] = row.now
            if row.person_id is not None:
                competences[row.person_id].append(row)
        return competences, versions

    async def _rows(self, table: Any, ids: list[UUID]) -> dict[UUID, list[Any]]:
        grouped: dict[UUID, list[Any]] = defaultdict(list)
        if not ids:
            return grouped
        query = select(table).where(one_of(table.c.person_id, ids))
        if "position" in table.c:
            query = query.order_by(table.c.position)
        elif "id" in table.c:
            query = query.order_by(table.c.id)
        for row in (await self._session.execute(query)).all():
            grouped[row.person_id].append(row)
        return grouped

    async def _insert_children(self, person: Person) -> None:
        rows: dict[Any, list[dict[str, Any]]] = {
            t.person_roles: [{"person_id": person.id, "role": r.value} for r in person.roles],
            t.person_municipalities: [
                {"person_id": person.id, "municipality_id": m} for m in person.municipality_ids
            ],
            t.consents: [
                {
                    "person_id": person.id,
                    "purpose": c.purpose.value,
                    "privacy_notice_version": c.privacy_notice_version,
                    "given_at": c.given_at,
                    "withdrawn_at": c.withdrawn_at,
                }
                for c in person.consents
            ],
        }
        profile = person.profile
        if profile is not None:
            rows[t.maker_profiles] = [_profile_row(person.id, profile)]
            rows[t.maker_regions] = [
                {"person_id": person.id, "kind": kind, "ags_prefix": code}
                for kind, codes in (
                    ("state", profile.regions.states),
                    ("ags", profile.regions.ags_prefixes),
                )
                for code in dict.fromkeys(codes)
            ]
            rows[t.maker_competences] = [
                {
                    "person_id": person.id,
                    "competence_id": c.competence_id,
                    "position": position,
                    "level": c.level,
                    "years": c.years,
                    "evidence": c.evidence,
                }
                for position, c in enumerate(profile.competences)
            ]
        for table, values in rows.items():
            if values:
                await self._session.execute(insert(table), values)


def _person_row(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "email_key": email_key(person.email),
        "work_email": person.work_email,
        "phone": person.phone,
        "preferred_language": person.preferred_language,
        "created_at": person.created_at,
        "version": person.version,
    }


def _profile_row(person_id: UUID, profile: MakerProfile) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "background": profile.background.value,
        "experience_years": profile.experience_years,
        "earliest_start": profile.availability.earliest_start,
        "months": profile.availability.months,
        "workload": profile.availability.workload.value,
        "willing_to_relocate": profile.regions.willing_to_relocate,
        "topics": [topic.value for topic in profile.topics],
        "links": list(profile.links),
    }
