"""Municipalities and their contact persons in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import Conflict
from lokal_kit.sqlfilters import one_of
from lokal_projects.adapters.sql import after_key, beyond, text_contains, uuid_of
from lokal_projects.adapters.tables import municipalities, municipality_contacts
from lokal_projects.domain.municipality import Municipality, MunicipalityProfile
from lokal_projects.domain.queries import MunicipalityQuery
from lokal_projects.domain.values import Ags, MunicipalityKind


class MunicipalityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._versions: dict[UUID, int] = {}

    async def add(self, municipality: Municipality) -> None:
        try:
            await self._session.execute(insert(municipalities).values(_row(municipality)))
        except IntegrityError:
            raise Conflict(
                f"a municipality with AGS {municipality.ags} is registered already", field="ags"
            ) from None
        await self._insert_contacts(municipality)
        self._versions[municipality.id] = municipality.version

    async def save(self, municipality: Municipality) -> None:
        """Write the changes; a concurrent change since loading is a conflict."""
        result = await self._session.execute(
            update(municipalities)
            .where(
                municipalities.c.id == municipality.id,
                municipalities.c.version == self._versions[municipality.id],
            )
            .values(_row(municipality))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the municipality was changed at the same time; try again")
        await self._session.execute(
            delete(municipality_contacts).where(
                municipality_contacts.c.municipality_id == municipality.id
            )
        )
        await self._insert_contacts(municipality)
        self._versions[municipality.id] = municipality.version

    async def get(self, municipality_id: UUID) -> Municipality | None:
        found = await self.get_many([municipality_id])
        return found[0]

    async def get_by_ags(self, ags: Ags) -> Municipality | None:
        row = (
            await self._session.execute(
                select(municipalities).where(municipalities.c.ags == ags.value)
            )
        ).first()
        return None if row is None else (await self._hydrate([row]))[0]

    async def get_many(self, ids: Sequence[UUID]) -> list[Municipality | None]:
        """In the order of `ids`, None where there is none; one statement whatever the count,
        a row per contact person."""
        contact = municipality_contacts.c
        rows = (
            await self._session.execute(
                select(municipalities, contact.person_id.label("contact_id"))
                .outerjoin(municipality_contacts, contact.municipality_id == municipalities.c.id)
                .where(one_of(municipalities.c.id, set(ids)))
                .order_by(contact.position)
            )
        ).all()
        first: dict[UUID, Any] = {}
        contacts: dict[UUID, list[UUID]] = defaultdict(list)
        for row in rows:
            first.setdefault(row.id, row)
            if row.contact_id is not None:
                contacts[row.id].append(row.contact_id)
        by_id = {i: self._municipality(row, contacts[i]) for i, row in first.items()}
        return [by_id.get(i) for i in ids]

    async def where_contact(self, person_ids: Sequence[UUID]) -> list[Municipality]:
        """The Kommunen any of these persons is contact of."""
        rows = (
            await self._session.execute(
                select(municipalities)
                .where(
                    municipalities.c.id.in_(
                        select(municipality_contacts.c.municipality_id).where(
                            one_of(municipality_contacts.c.person_id, set(person_ids))
                        )
                    )
                )
                .order_by(municipalities.c.name)
            )
        ).all()
        return await self._hydrate(rows)

    async def page(
        self, query: MunicipalityQuery, after: tuple[Any, ...] | None, limit: int
    ) -> tuple[list[Municipality], int]:
        """Sorted by name; also how many match over all pages (with the rows, as for projects)."""
        criteria = _municipality_criteria(query)
        counted = select(func.count()).select_from(municipalities).where(*criteria)
        statement = select(
            municipalities, counted.correlate(None).scalar_subquery().label("total")
        ).where(*criteria)
        key = after_key(after, (str, uuid_of))
        if key is not None:
            statement = statement.where(beyond((municipalities.c.name, municipalities.c.id), key))
        rows = (
            await self._session.execute(
                statement.order_by(municipalities.c.name, municipalities.c.id).limit(limit)
            )
        ).all()
        total = rows[0].total if rows else await self._session.scalar(counted)
        return await self._hydrate(rows), int(total or 0)

    async def _hydrate(self, rows: Sequence[Any]) -> list[Municipality]:
        contacts: dict[UUID, list[UUID]] = {row.id: [] for row in rows}
        if contacts:
            for contact in await self._session.execute(
                select(municipality_contacts)
                .where(one_of(municipality_contacts.c.municipality_id, contacts))
                .order_by(municipality_contacts.c.position)
            ):
                contacts[contact.municipality_id].append(contact.person_id)
        return [self._municipality(row, contacts[row.id]) for row in rows]

    def _municipality(self, row: Any, contact_ids: list[UUID]) -> Municipality:
        self._versions[row.id] = row.version
        return Municipality(
            id=row.id,
            ags=Ags(row.ags),
            profile=MunicipalityProfile(
                name=row.name,
                kind=MunicipalityKind(row.kind),
                population=row.population,
                address=row.address,
                website=row.website,
            ),
            registered_at=row.registered_at,
            contact_ids=contact_ids,
            version=row.version,
        )

    async def _insert_contacts(self, municipality: Municipality) -> None:
        if municipality.contact_ids:
            await self._session.execute(
                insert(municipality_contacts),
                [
                    {"municipality_id": municipality.id, "person_id": person, "position": i}
                    for i, person in enumerate(municipality.contact_ids)
                ],
            )


def _row(municipality: Municipality) -> dict[str, Any]:
    profile = municipality.profile
    return {
        "id": municipality.id,
        "ags": municipality.ags.value,
        "state_code": municipality.state.code,
        "name": profile.name,
        "kind": profile.kind.value,
        "population": profile.population,
        "address": profile.address,
        "website": profile.website,
        "registered_at": municipality.registered_at,
        "version": municipality.version,
    }


def _municipality_criteria(query: MunicipalityQuery) -> list[Any]:
    criteria: list[Any] = []
    if query.state_codes:
        criteria.append(one_of(municipalities.c.state_code, query.state_codes))
    if query.name:
        criteria.append(text_contains([municipalities.c.name], query.name))
    return criteria
