"""Projects with their required competences and team members in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    String,
    Uuid,
    cast,
    delete,
    exists,
    func,
    insert,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import Conflict
from lokal_kit.sqlfilters import one_of
from lokal_projects.adapters.sql import after_key, beyond, staff_scope, text_contains, uuid_of
from lokal_projects.adapters.tables import (
    municipalities,
    project_members,
    project_requirements,
    projects,
)
from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.project import Project, ProjectStatus, TeamMember
from lokal_projects.domain.queries import Audience, ProjectQuery
from lokal_projects.domain.values import Topic, WorkMode

ORDER = (projects.c.planned_start, projects.c.id)


class ProjectRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._versions: dict[UUID, int] = {}

    async def add(self, project: Project) -> None:
        await self._session.execute(insert(projects).values(_row(project)))
        await self._insert_children(project)
        self._versions[project.id] = project.version

    async def save(self, project: Project) -> None:
        """Write the changes; a concurrent change since loading is a conflict."""
        result = await self._session.execute(
            update(projects)
            .where(projects.c.id == project.id, projects.c.version == self._versions[project.id])
            .values(_row(project))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the project was changed at the same time; try again")
        for child in (project_requirements, project_members):
            await self._session.execute(delete(child).where(child.c.project_id == project.id))
        await self._insert_children(project)
        self._versions[project.id] = project.version

    async def get(self, project_id: UUID, *, lock: bool = False) -> Project | None:
        """`lock`: hold the row until commit, so that a command and a consumer changing the
        same project take turns instead of one failing on the other's new version."""
        return (await self.get_many([project_id], lock=lock))[0]

    async def get_many(self, ids: Sequence[UUID], *, lock: bool = False) -> list[Project | None]:
        """In the order of `ids`, None where there is none; two statements whatever the count."""
        statement = select(projects).where(one_of(projects.c.id, set(ids)))
        if lock:
            statement = statement.with_for_update()
        rows = (await self._session.execute(statement)).all()
        by_id = {p.id: p for p in await self._hydrate(rows)}
        return [by_id.get(i) for i in ids]

    async def page(
        self,
        query: ProjectQuery,
        audience: Audience,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> tuple[list[Project], int]:
        """By planned start; also how many match over all pages. Two statements, three for a
        page past the last match (the count comes with the rows)."""
        criteria = _criteria(query, audience)
        counted = select(func.count()).select_from(projects).where(*criteria)
        statement = select(projects, counted.correlate(None).scalar_subquery().label("total"))
        statement = statement.where(*criteria)
        key = after_key(after, (date.fromisoformat, uuid_of))
        if key is not None:
            statement = statement.where(beyond(ORDER, key))
        rows = (await self._session.execute(statement.order_by(*ORDER).limit(limit))).all()
        total = rows[0].total if rows else await self._session.scalar(counted)
        return await self._hydrate(rows), int(total or 0)

    async def involving(self, person_ids: Sequence[UUID]) -> list[Project]:
        """Projects any of these persons is Projektpat*in of or a team member in."""
        persons = set(person_ids)
        rows = (
            await self._session.execute(
                select(projects)
                .where(
                    or_(
                        one_of(projects.c.mentor_id, persons),
                        projects.c.id.in_(
                            select(project_members.c.project_id).where(
                                one_of(project_members.c.person_id, persons)
                            )
                        ),
                    )
                )
                .order_by(*ORDER)
            )
        ).all()
        return await self._hydrate(rows)

    async def _hydrate(self, rows: Sequence[Any]) -> list[Project]:
        ids = [row.id for row in rows]
        requirements: dict[UUID, list[Requirement]] = {i: [] for i in ids}
        members: dict[UUID, list[TeamMember]] = {i: [] for i in ids}
        for child in await self._children(ids):
            if child.placement_id is None:
                requirements[child.project_id].append(
                    Requirement(child.competence_id, child.min_level, child.must_have)
                )
            else:
                members[child.project_id].append(
                    TeamMember(
                        placement_id=child.placement_id,
                        seat_index=child.slot,
                        person_id=child.person_id,
                        starts_on=child.starts_on,
                        ends_on=child.ends_on,
                        ended_on=child.ended_on,
                        outcome=child.outcome,
                    )
                )
        found = []
        for row in rows:
            self._versions[row.id] = row.version
            found.append(_project(row, requirements[row.id], members[row.id]))
        return found

    async def _children(self, ids: list[UUID]) -> Sequence[Any]:
        """Team members and requirements in one statement (a requirement has no placement),
        each in its order: members by seat and start, requirements by position."""
        if not ids:
            return []
        m, r = project_members.c, project_requirements.c
        both = union_all(
            select(
                m.project_id,
                m.placement_id,
                m.seat_index.label("slot"),
                m.person_id,
                m.starts_on,
                m.ends_on,
                m.ended_on,
                m.outcome,
                cast(null(), String).label("competence_id"),
                cast(null(), Integer).label("min_level"),
                cast(null(), Boolean).label("must_have"),
            ).where(one_of(m.project_id, ids)),
            select(
                r.project_id,
                cast(null(), Uuid),
                r.position,
                cast(null(), Uuid),
                cast(null(), Date),
                cast(null(), Date),
                cast(null(), Date),
                cast(null(), String),
                r.competence_id,
                r.min_level,
                r.must_have,
            ).where(one_of(r.project_id, ids)),
        ).subquery()
        ordered = select(both).order_by(both.c.slot, both.c.starts_on)
        return (await self._session.execute(ordered)).all()

    async def _insert_children(self, project: Project) -> None:
        if project.details.requirements:
            await self._session.execute(
                insert(project_requirements),
                [
                    {
                        "project_id": project.id,
                        "competence_id": r.competence_id,
                        "min_level": r.min_level,
                        "must_have": r.must_have,
                        "position": i,
                    }
                    for i, r in enumerate(project.details.requirements)
                ],
            )
        if project.members:
            await self._session.execute(
                insert(project_members),
                [
                    {
                        "project_id": project.id,
                        "placement_id": m.placement_id,
                        "seat_index": m.seat_index,
                        "person_id": m.person_id,
                        "starts_on": m.starts_on,
                        "ends_on": m.ends_on,
                        "ended_on": m.ended_on,
                        "outcome": m.outcome,
                    }
                    for m in project.members
                ],
            )


def _row(project: Project) -> dict[str, Any]:
    details = project.details
    return {
        "id": project.id,
        "municipality_id": project.municipality_id,
        "title": details.title,
        "goal": details.goal,
        "description": details.description,
        "topic": details.topic.value,
        "seats": list(details.seats),
        "duration_months": details.duration_months,
        "planned_start": details.planned_start,
        "work_mode": details.work_mode.value,
        "mentor_id": details.mentor_id,
        "status": project.status.value,
        "published_at": project.published_at,
        "started_on": project.started_on,
        "completed_on": project.completed_on,
        "cancelled_at": project.cancelled_at,
        "created_at": project.created_at,
        "updated_at": project.updated_at,
        "version": project.version,
    }


def _project(row: Any, requirements: list[Requirement], members: list[TeamMember]) -> Project:
    return Project(
        id=row.id,
        municipality_id=row.municipality_id,
        details=ProjectDetails(
            title=row.title,
            goal=row.goal,
            description=row.description,
            topic=Topic(row.topic),
            requirements=tuple(requirements),
            seats=tuple(row.seats),
            duration_months=row.duration_months,
            planned_start=row.planned_start,
            work_mode=WorkMode(row.work_mode),
            mentor_id=row.mentor_id,
        ),
        status=ProjectStatus(row.status),
        members=members,
        published_at=row.published_at,
        started_on=row.started_on,
        completed_on=row.completed_on,
        cancelled_at=row.cancelled_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _criteria(query: ProjectQuery, audience: Audience) -> list[ColumnElement[bool]]:
    criteria: list[ColumnElement[bool]] = []
    if not audience.everything:
        criteria.append(
            or_(
                projects.c.published_at.is_not(None),
                staff_scope(audience, projects.c.municipality_id),
            )
        )
    if query.statuses:
        criteria.append(one_of(projects.c.status, {s.value for s in query.statuses}))
    if query.topics:
        criteria.append(one_of(projects.c.topic, {t.value for t in query.topics}))
    if query.state_codes:
        criteria.append(
            projects.c.municipality_id.in_(
                select(municipalities.c.id).where(
                    one_of(municipalities.c.state_code, query.state_codes)
                )
            )
        )
    if query.competence_ids:
        criteria.append(
            exists().where(
                project_requirements.c.project_id == projects.c.id,
                one_of(project_requirements.c.competence_id, query.competence_ids),
            )
        )
    if query.start_from is not None:
        criteria.append(projects.c.planned_start >= query.start_from)
    if query.start_to is not None:
        criteria.append(projects.c.planned_start <= query.start_to)
    if query.municipality_id is not None:
        criteria.append(projects.c.municipality_id == query.municipality_id)
    if query.search:
        criteria.append(text_contains([projects.c.title, projects.c.goal], query.search))
    return criteria
