"""The read models of makers and projects, as events fill them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.sqlfilters import one_of
from lokal_matching.adapters.tables import erased_persons, makers, pool_revisions, projects
from lokal_matching.domain.model import Maker, Project, ProjectStatus, Requirement

MAKERS, PROJECTS = "makers", "projects"


def maker_from_row(row: Any) -> Maker:
    return Maker(
        person_id=row.person_id,
        competences=dict(row.competences),
        earliest_start=row.earliest_start,
        months=row.months,
        states=tuple(row.states),
        ags_prefixes=tuple(row.ags_prefixes),
        willing_to_relocate=row.willing_to_relocate,
        topics=frozenset(row.topics),
        background=row.background,
        experience_years=row.experience_years,
        stage=row.stage,
        version=row.version,
    )


def maker_row(maker: Maker, now: datetime) -> dict[str, Any]:
    return {
        "person_id": maker.person_id,
        "version": maker.version,
        "stage": maker.stage,
        "competences": dict(sorted(maker.competences.items())),
        "earliest_start": maker.earliest_start,
        "months": maker.months,
        "states": list(maker.states),
        "ags_prefixes": list(maker.ags_prefixes),
        "willing_to_relocate": maker.willing_to_relocate,
        "topics": sorted(maker.topics),
        "background": maker.background,
        "experience_years": maker.experience_years,
        "updated_at": now,
    }


def project_from_row(row: Any) -> Project:
    return Project(
        project_id=row.project_id,
        municipality_id=row.municipality_id,
        ags=row.ags,
        topic=row.topic,
        requirements=tuple(
            Requirement(r["competence_id"], r["min_level"], r["must_have"])
            for r in row.requirements
        ),
        seats=tuple(row.seats),
        planned_start=row.planned_start,
        duration_months=row.duration_months,
        work_mode=row.work_mode,
        mentor_id=row.mentor_id,
        status=ProjectStatus(row.status),
        version=row.version,
    )


def project_row(project: Project, now: datetime) -> dict[str, Any]:
    return {
        "project_id": project.project_id,
        "version": project.version,
        "municipality_id": project.municipality_id,
        "ags": project.ags,
        "topic": project.topic,
        "requirements": [
            {"competence_id": r.competence_id, "min_level": r.min_level, "must_have": r.must_have}
            for r in project.requirements
        ],
        "seats": list(project.seats),
        "planned_start": project.planned_start,
        "duration_months": project.duration_months,
        "work_mode": project.work_mode,
        "mentor_id": project.mentor_id,
        "status": project.status.value,
        "updated_at": now,
    }


class ReadModels:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def maker(self, person_id: UUID, *, for_update: bool = False) -> Maker | None:
        statement = select(makers).where(makers.c.person_id == person_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self.session.execute(statement)).first()
        return maker_from_row(row) if row else None

    async def selectable_makers(self) -> list[Maker]:
        rows = await self.session.execute(
            select(makers).where(makers.c.stage.in_(["selected", "placed"]))
        )
        return [maker_from_row(row) for row in rows]

    async def change_makers(self) -> None:
        """Start a change of the makers: bumps the revision and, by its row lock, makes
        concurrent changes wait their turn (an erasure and a late profile never interleave)."""
        await self.bump(MAKERS)

    async def save_maker(self, maker: Maker, now: datetime) -> None:
        await self.session.execute(delete(makers).where(makers.c.person_id == maker.person_id))
        await self.session.execute(makers.insert().values(maker_row(maker, now)))

    async def erase_maker(self, person_id: UUID, erasure_id: UUID, now: datetime) -> None:
        await self.change_makers()
        await self.session.execute(delete(makers).where(makers.c.person_id == person_id))
        if not await self.is_erased(person_id):
            await self.session.execute(
                erased_persons.insert().values(
                    person_id=person_id, erasure_id=erasure_id, erased_at=now
                )
            )

    async def is_erased(self, person_id: UUID) -> bool:
        found = await self.session.scalar(
            select(func.count())
            .select_from(erased_persons)
            .where(erased_persons.c.person_id == person_id)
        )
        return bool(found)

    async def project(self, project_id: UUID, *, for_update: bool = False) -> Project | None:
        statement = select(projects).where(projects.c.project_id == project_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self.session.execute(statement)).first()
        return project_from_row(row) if row else None

    async def projects_by_id(self, ids: Sequence[UUID]) -> dict[UUID, Project]:
        rows = await self.session.execute(
            select(projects).where(one_of(projects.c.project_id, ids))
        )
        return {row.project_id: project_from_row(row) for row in rows}

    async def open_projects(self) -> list[Project]:
        rows = await self.session.execute(
            select(projects).where(projects.c.status == ProjectStatus.OPEN.value)
        )
        return [project_from_row(row) for row in rows]

    async def save_project(self, project: Project, now: datetime) -> None:
        await self.session.execute(
            delete(projects).where(projects.c.project_id == project.project_id)
        )
        await self.session.execute(projects.insert().values(project_row(project, now)))
        await self.bump(PROJECTS)

    async def revision(self, name: str) -> int:
        value = await self.session.scalar(
            select(pool_revisions.c.revision).where(pool_revisions.c.name == name)
        )
        return int(value or 0)

    async def bump(self, name: str) -> None:
        changed = await self.session.execute(
            update(pool_revisions)
            .where(pool_revisions.c.name == name)
            .values(revision=pool_revisions.c.revision + 1)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]
            await self.session.execute(pool_revisions.insert().values(name=name, revision=1))
