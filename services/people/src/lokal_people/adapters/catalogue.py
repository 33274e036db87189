"""The competence catalogue and its roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, literal, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.adapters.sql import like_escape, upsert
from lokal_people.domain.competences import (
    Competence,
    CompetenceRole,
    CompetenceType,
    RoleCompetence,
)

_C = t.competences.c
_BATCH = 500


class CatalogueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, ids: Iterable[str]) -> dict[str, Competence]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        rows = (
            await self._session.execute(select(t.competences).where(one_of(_C.id, wanted)))
        ).all()
        return {row.id: _competence(row) for row in rows}

    async def known(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        return set(
            (await self._session.execute(select(_C.id).where(one_of(_C.id, wanted)))).scalars()
        )

    async def count(self) -> int:
        return (
            await self._session.execute(select(func.count()).select_from(t.competences))
        ).scalar_one()

    async def put(self, competences: Sequence[Competence]) -> tuple[int, int]:
        """Insert new competences and update known ones; returns (added, updated)."""
        existing = await self.known(c.id for c in competences)
        for start in range(0, len(competences), _BATCH):
            batch = [_row(c) for c in competences[start : start + _BATCH]]
            statement = upsert(self._session, t.competences)
            columns = {name: statement.excluded[name] for name in batch[0] if name != "id"}
            await self._session.execute(
                statement.on_conflict_do_update(index_elements=[_C.id], set_=columns), batch
            )
        return len(competences) - len(existing), len(existing)

    async def search(
        self,
        page: PageRequest,
        *,
        prefix: str | None = None,
        text: str | None = None,
        type: CompetenceType | None = None,
    ) -> tuple[list[Competence], int]:
        """Competences whose label starts with `prefix` and whose text has every word of `text`."""
        conditions: list[ColumnElement[bool]] = []
        if prefix:
            conditions.append(_C.label_key.like(f"{like_escape(prefix.casefold())}%", escape="\\"))
        for word in (text or "").casefold().split():
            conditions.append(_C.search_text.like(f"%{like_escape(word)}%", escape="\\"))
        if type is not None:
            conditions.append(_C.type == type.value)
        where = and_(true(), *conditions)
        query = select(t.competences).where(where)
        if page.after is not None:
            key, last = _cursor(page.after)
            query = query.where(tuple_(_C.label_key, _C.id) > tuple_(literal(key), literal(last)))
        query = query.order_by(_C.label_key, _C.id).limit(page.fetch)
        rows = (await self._session.execute(query)).all()
        total = (
            await self._session.execute(
                select(func.count()).select_from(t.competences).where(where)
            )
        ).scalar_one()
        return [_competence(row) for row in rows], total

    async def roles(self) -> list[CompetenceRole]:
        roles = (
            await self._session.execute(
                select(t.competence_roles).order_by(t.competence_roles.c.position)
            )
        ).all()
        items: dict[str, list[RoleCompetence]] = defaultdict(list)
        query = select(t.competence_role_items).order_by(t.competence_role_items.c.position)
        for item in (await self._session.execute(query)).all():
            items[item.role_id].append(RoleCompetence(item.competence_id, item.level))
        return [CompetenceRole(r.id, r.label, r.description, tuple(items[r.id])) for r in roles]

    async def put_roles(self, roles: Sequence[CompetenceRole]) -> None:
        """Replace the role layer (it belongs to this project, not to ESCO)."""
        await self._session.execute(delete(t.competence_role_items))
        await self._session.execute(delete(t.competence_roles))
        await self._session.execute(
            insert(t.competence_roles),
            [
                {"id": r.id, "position": i, "label": r.label, "description": r.description}
                for i, r in enumerate(roles)
            ],
        )
        await self._session.execute(
            insert(t.competence_role_items),
            [
                {"role_id": r.id, "competence_id": c.competence_id, "position": i, "level": c.level}
                for r in roles
                for i, c in enumerate(r.competences)
            ],
        )


def _cursor(after: tuple[Any, ...]) -> tuple[str, str]:
    try:
        key, last = after
    except ValueError:
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None
    return str(key), str(last)


def _row(competence: Competence) -> dict[str, Any]:
    return {
        "id": competence.id,
        "label": competence.label,
        "label_key": competence.label.casefold(),
        "label_de": competence.label_de,
        "type": competence.type.value,
        "broader": list(competence.broader),
        "alt_labels": list(competence.alt_labels),
        "description": competence.description,
        "search_text": competence.search_text,
    }


def _competence(row: Any) -> Competence:
    return Competence(
        id=row.id,
        label=row.label,
        type=CompetenceType(row.type),
        broader=tuple(row.broader),
        alt_labels=tuple(row.alt_labels),
        description=row.description,
        label_de=row.label_de,
    )
