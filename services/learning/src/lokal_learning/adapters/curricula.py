"""Curriculum templates and cohorts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_learning.adapters.paging import paged
from lokal_learning.adapters.rows import cohort_from_row, dialect_insert, item_from_row
from lokal_learning.adapters.tables import cohorts, curriculum_items, curriculum_templates
from lokal_learning.domain.cohorts import Cohort
from lokal_learning.domain.curriculum import CurriculumTemplate


class Curricula:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_template(self, template: CurriculumTemplate, now: datetime) -> None:
        await self._session.execute(
            curriculum_templates.insert().values(
                id=template.id,
                name=template.name,
                description=template.description,
                is_current=template.is_current,
                created_at=now,
            )
        )
        await self._session.execute(
            curriculum_items.insert(),
            [
                {
                    "id": item.id,
                    "template_id": template.id,
                    "position": position,
                    "kind": item.kind.value,
                    "title": item.title,
                    "description": item.description,
                    "offset_days": item.offset_days,
                    "start_time": item.start_time,
                    "duration_minutes": item.duration_minutes,
                    "format": item.format.value,
                    "mandatory": item.mandatory,
                    "capacity": item.capacity,
                    "occurrences": item.occurrences,
                    "repeat_every_days": item.repeat_every_days,
                }
                for position, item in enumerate(template.items)
            ],
        )

    async def make_current(self, template_id: UUID) -> None:
        await self._session.execute(
            update(curriculum_templates).values(is_current=curriculum_templates.c.id == template_id)
        )

    async def templates(self, ids: Sequence[UUID]) -> dict[UUID, CurriculumTemplate]:
        rows = (
            await self._session.execute(
                select(curriculum_templates).where(one_of(curriculum_templates.c.id, ids))
            )
        ).all()
        items = (
            await self._session.execute(
                select(curriculum_items)
                .where(one_of(curriculum_items.c.template_id, ids))
                .order_by(curriculum_items.c.template_id, curriculum_items.c.position)
            )
        ).all()
        found = {}
        for row in rows:
            found[row.id] = CurriculumTemplate(
                id=row.id,
                name=row.name,
                description=row.description,
                is_current=row.is_current,
                items=tuple(item_from_row(i) for i in items if i.template_id == row.id),
            )
        return found

    async def template(self, template_id: UUID) -> CurriculumTemplate | None:
        return (await self.templates([template_id])).get(template_id)

    async def current_template(self) -> CurriculumTemplate | None:
        template_id = await self._session.scalar(
            select(curriculum_templates.c.id).where(curriculum_templates.c.is_current)
        )
        return None if template_id is None else await self.template(template_id)

    async def template_page(self, page: PageRequest) -> list[CurriculumTemplate]:
        statement = paged(
            select(curriculum_templates.c.id),
            page,
            curriculum_templates.c.name,
            curriculum_templates.c.id,
            str,
        )
        ids = list((await self._session.execute(statement)).scalars())
        found = await self.templates(ids)
        return [found[i] for i in ids]

    async def add_cohort_if_absent(self, cohort: Cohort, now: datetime) -> bool:
        """False when a cohort for that period exists (another transaction may have won)."""
        statement = (
            dialect_insert(self._session, cohorts)
            .values(
                id=cohort.id,
                title=cohort.title,
                period=cohort.period,
                starts_on=cohort.starts_on,
                template_id=cohort.template_id,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=[cohorts.c.period])
            .returning(cohorts.c.id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def cohort_for_period(self, period: str) -> Cohort | None:
        row = (
            await self._session.execute(select(cohorts).where(cohorts.c.period == period))
        ).first()
        return None if row is None else cohort_from_row(row)

    async def cohorts(self, ids: Sequence[UUID]) -> dict[UUID, Cohort]:
        rows = (await self._session.execute(select(cohorts).where(one_of(cohorts.c.id, ids)))).all()
        return {row.id: cohort_from_row(row) for row in rows}

    async def cohort(self, cohort_id: UUID) -> Cohort | None:
        return (await self.cohorts([cohort_id])).get(cohort_id)

    async def cohort_page(self, page: PageRequest) -> list[Cohort]:
        statement = paged(
            select(cohorts), page, cohorts.c.starts_on, cohorts.c.id, date.fromisoformat
        )
        return [cohort_from_row(row) for row in (await self._session.execute(statement)).all()]
