"""Erasure requests and the confirmations of the other services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import insert, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.adapters.sql import timestamp_cursor, upsert
from lokal_people.domain.erasure import ErasureRequest

_E = t.erasure_requests.c


class ErasureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, erasure_id: UUID) -> ErasureRequest | None:
        found = await self._load(_E.id == erasure_id)
        return found[0] if found else None

    async def for_person(self, person_id: UUID) -> list[ErasureRequest]:
        return await self._load(_E.person_id == person_id)

    async def page(self, page: PageRequest) -> list[ErasureRequest]:
        """Newest first."""
        query = select(_E.id)
        if page.after is not None:
            at, last = timestamp_cursor(page.after)
            query = query.where(
                tuple_(_E.requested_at, _E.id)
                < tuple_(literal(at, _E.requested_at.type), literal(last, _E.id.type))
            )
        ids = list(
            (
                await self._session.execute(
                    query.order_by(_E.requested_at.desc(), _E.id.desc()).limit(page.fetch)
                )
            ).scalars()
        )
        by_id = {e.id: e for e in await self._load(one_of(_E.id, ids))}
        return [by_id[i] for i in ids]

    async def add(self, erasure: ErasureRequest) -> None:
        await self._session.execute(
            insert(t.erasure_requests).values(
                id=erasure.id,
                person_id=erasure.person_id,
                requested_by=erasure.requested_by,
                requested_at=erasure.requested_at,
                participants=list(erasure.participants),
            )
        )
        await self.save_confirmations(erasure)

    async def save_confirmations(self, erasure: ErasureRequest) -> None:
        rows = [
            {"erasure_id": erasure.id, "service": service, "confirmed_at": at}
            for service, at in erasure.confirmations.items()
        ]
        if rows:
            statement = upsert(self._session, t.erasure_confirmations)
            await self._session.execute(statement.on_conflict_do_nothing(), rows)

    async def _load(self, condition: Any) -> list[ErasureRequest]:
        rows = (await self._session.execute(select(t.erasure_requests).where(condition))).all()
        confirmations = await self._confirmations(row.id for row in rows)
        return [
            ErasureRequest(
                id=row.id,
                person_id=row.person_id,
                requested_by=row.requested_by,
                requested_at=row.requested_at,
                participants=tuple(row.participants),
                confirmations=confirmations.get(row.id, {}),
            )
            for row in rows
        ]

    async def _confirmations(self, ids: Iterable[UUID]) -> dict[UUID, dict[str, Any]]:
        wanted = list(ids)
        found: dict[UUID, dict[str, Any]] = {}
        if not wanted:
            return found
        c = t.erasure_confirmations.c
        query = select(t.erasure_confirmations).where(one_of(c.erasure_id, wanted))
        for row in (await self._session.execute(query.order_by(c.confirmed_at))).all():
            found.setdefault(row.erasure_id, {})[row.service] = row.confirmed_at
        return found
