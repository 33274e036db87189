"""Programme applications of municipalities in the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import Conflict
from lokal_kit.sqlfilters import one_of
from lokal_projects.adapters.sql import after_key, beyond, instant, staff_scope, uuid_of
from lokal_projects.adapters.tables import applications
from lokal_projects.domain.application import ApplicationStatus, MunicipalityApplication
from lokal_projects.domain.queries import ApplicationQuery, Audience


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._versions: dict[UUID, int] = {}

    async def add(self, application: MunicipalityApplication) -> None:
        try:
            await self._session.execute(insert(applications).values(_application_row(application)))
        except IntegrityError:
            raise Conflict(
                f"the municipality has an open or accepted application to {application.round}",
                field="round",
            ) from None
        self._versions[application.id] = application.version

    async def save(self, application: MunicipalityApplication) -> None:
        result = await self._session.execute(
            update(applications)
            .where(
                applications.c.id == application.id,
                applications.c.version == self._versions[application.id],
            )
            .values(_application_row(application))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the application was changed at the same time; try again")
        self._versions[application.id] = application.version

    async def get(self, application_id: UUID) -> MunicipalityApplication | None:
        return (await self.get_many([application_id]))[0]

    async def get_many(self, ids: Sequence[UUID]) -> list[MunicipalityApplication | None]:
        """In the order of `ids`, None where there is none; one statement whatever the count."""
        rows = await self._session.execute(
            select(applications).where(one_of(applications.c.id, set(ids)))
        )
        by_id = {a.id: a for a in (self._application(row) for row in rows)}
        return [by_id.get(i) for i in ids]

    async def for_municipalities(
        self, municipality_ids: Iterable[UUID]
    ) -> dict[UUID, list[MunicipalityApplication]]:
        """Each Kommune's applications, oldest first; one statement whatever the count."""
        ids = set(municipality_ids)
        found: dict[UUID, list[MunicipalityApplication]] = {i: [] for i in ids}
        rows = await self._session.execute(
            select(applications)
            .where(one_of(applications.c.municipality_id, ids))
            .order_by(applications.c.submitted_at, applications.c.id)
        )
        for row in rows:
            found[row.municipality_id].append(self._application(row))
        return found

    async def in_round(self, municipality_id: UUID, round: str) -> list[MunicipalityApplication]:
        return [
            a
            for a in (await self.for_municipalities([municipality_id]))[municipality_id]
            if a.round == round
        ]

    async def has_accepted(self, municipality_id: UUID) -> bool:
        found = await self._session.scalar(
            select(func.count())
            .select_from(applications)
            .where(
                applications.c.municipality_id == municipality_id,
                applications.c.status == ApplicationStatus.ACCEPTED.value,
            )
        )
        return bool(found)

    async def naming_mentor(self, person_ids: Iterable[UUID]) -> list[MunicipalityApplication]:
        rows = await self._session.execute(
            select(applications)
            .where(one_of(applications.c.mentor_id, set(person_ids)))
            .order_by(applications.c.submitted_at)
        )
        return [self._application(row) for row in rows]

    async def page(
        self,
        query: ApplicationQuery,
        audience: Audience,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> tuple[list[MunicipalityApplication], int]:
        criteria = _application_criteria(query, audience)
        statement = select(applications).where(*criteria)
        key = after_key(after, (instant, uuid_of))
        if key is not None:
            statement = statement.where(
                beyond((applications.c.submitted_at, applications.c.id), key)
            )
        rows = await self._session.execute(
            statement.order_by(applications.c.submitted_at, applications.c.id).limit(limit)
        )
        total = await self._session.scalar(
            select(func.count()).select_from(applications).where(*criteria)
        )
        return [self._application(row) for row in rows], int(total or 0)

    def _application(self, row: Any) -> MunicipalityApplication:
        self._versions[row.id] = row.version
        return MunicipalityApplication(
            id=row.id,
            municipality_id=row.municipality_id,
            round=row.round,
            motivation=row.motivation,
            problem=row.problem,
            mentor_id=row.mentor_id,
            submitted_at=row.submitted_at,
            status=ApplicationStatus(row.status),
            decision_reason=row.decision_reason,
            decided_at=row.decided_at,
            version=row.version,
        )


def _application_row(application: MunicipalityApplication) -> dict[str, Any]:
    return {
        "id": application.id,
        "municipality_id": application.municipality_id,
        "round": application.round,
        "motivation": application.motivation,
        "problem": application.problem,
        "mentor_id": application.mentor_id,
        "status": application.status.value,
        "decision_reason": application.decision_reason,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "version": application.version,
    }


def _application_criteria(query: ApplicationQuery, audience: Audience) -> list[Any]:
    criteria: list[Any] = []
    if not audience.everything:
        criteria.append(staff_scope(audience, applications.c.municipality_id))
    if query.municipality_id is not None:
        criteria.append(applications.c.municipality_id == query.municipality_id)
    if query.round is not None:
        criteria.append(applications.c.round == query.round)
    if query.statuses:
        criteria.append(one_of(applications.c.status, {s.value for s in query.statuses}))
    return criteria
