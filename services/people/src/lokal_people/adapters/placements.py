"""The placements people has heard of, kept for who may see a placed maker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.adapters.sql import upsert
from lokal_people.domain.placements import Placement

_P = t.placements.c


class PlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, placement_id: UUID) -> Placement | None:
        row = (
            await self._session.execute(select(t.placements).where(_P.id == placement_id))
        ).first()
        return _placement(row) if row else None

    async def of_persons(self, person_ids: Iterable[UUID]) -> dict[UUID, list[Placement]]:
        """Placements of these makers, and those in which they are the Projektpat*in."""
        ids = list(person_ids)
        found: dict[UUID, list[Placement]] = defaultdict(list)
        if not ids:
            return found
        query = select(t.placements).where(one_of(_P.person_id, ids) | one_of(_P.mentor_id, ids))
        for row in (await self._session.execute(query.order_by(_P.starts_on))).all():
            placement = _placement(row)
            found[placement.person_id].append(placement)
            if placement.mentor_id is not None and placement.mentor_id != placement.person_id:
                found[placement.mentor_id].append(placement)
        return found

    async def put(self, placement: Placement) -> None:
        row = _row(placement)
        statement = upsert(self._session, t.placements).values(row)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[_P.id], set_={k: v for k, v in row.items() if k != "id"}
            )
        )

    async def forget_person(self, person_id: UUID) -> None:
        await self._session.execute(delete(t.placements).where(_P.person_id == person_id))
        await self._session.execute(
            update(t.placements).where(_P.mentor_id == person_id).values(mentor_id=None)
        )


def _row(p: Placement) -> dict[str, Any]:
    return {
        "id": p.id,
        "person_id": p.person_id,
        "project_id": p.project_id,
        "municipality_id": p.municipality_id,
        "mentor_id": p.mentor_id,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "ended_on": p.ended_on,
    }


def _placement(row: Any) -> Placement:
    return Placement(
        id=row.id,
        person_id=row.person_id,
        project_id=row.project_id,
        municipality_id=row.municipality_id,
        mentor_id=row.mentor_id,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        ended_on=row.ended_on,
    )
