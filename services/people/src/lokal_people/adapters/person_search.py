"""Finding persons by role, stage, competences, region and availability, page by page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, func, literal, or_, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.pagination import PageRequest
from lokal_people.adapters import tables as t
from lokal_people.adapters.sql import like_escape
from lokal_people.domain.search import PersonQuery

_P = t.persons.c


def _conditions(query: PersonQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if query.role is not None:
        roles = t.person_roles.c
        found.append(exists().where(roles.person_id == _P.id, roles.role == query.role.value))
    if query.stage is not None:
        apps = t.maker_applications.c
        found.append(exists().where(apps.person_id == _P.id, apps.stage == query.stage.value))
    for wanted in query.competences:
        mine = t.maker_competences.c
        found.append(
            exists().where(
                mine.person_id == _P.id,
                mine.competence_id == wanted.competence_id,
                mine.level >= wanted.min_level,
            )
        )
    profile = t.maker_profiles.c
    availability: list[ColumnElement[bool]] = []
    if query.available_by is not None:
        availability.append(profile.earliest_start <= query.available_by)
    if query.min_months is not None:
        availability.append(profile.months >= query.min_months)
    if query.workload is not None:
        availability.append(profile.workload == query.workload.value)
    if query.region is not None:
        availability.append(
            or_(profile.willing_to_relocate.is_(True), _wishes_overlap(query.region))
        )
    if availability:
        found.append(exists().where(profile.person_id == _P.id, *availability))
    if query.municipality_id is not None:
        members = t.person_municipalities.c
        found.append(
            exists().where(
                members.person_id == _P.id, members.municipality_id == query.municipality_id
            )
        )
    if query.name:
        pattern = f"%{like_escape(query.name.casefold())}%"
        found.append(func.lower(_P.name).like(pattern, escape="\\"))
    return found


def _wishes_overlap(region: str) -> ColumnElement[bool]:
    wish = t.maker_regions.c
    return exists().where(
        wish.person_id == t.maker_profiles.c.person_id,
        or_(
            func.substr(region, 1, func.length(wish.ags_prefix)) == wish.ags_prefix,
            func.substr(wish.ags_prefix, 1, len(region)) == region,
        ),
    )


async def search_persons(
    session: AsyncSession, query: PersonQuery, page: PageRequest
) -> tuple[list[tuple[UUID, str]], int]:
    """Ids and sort keys of one page, ordered by name, and how many match in all."""
    conditions = _conditions(query)
    sort_key = func.lower(_P.name)
    statement = select(_P.id, sort_key.label("key")).where(and_(true(), *conditions))
    if page.after is not None:
        key, last_id = _cursor(page.after)
        statement = statement.where(
            tuple_(sort_key, _P.id) > tuple_(literal(key), literal(last_id, _P.id.type))
        )
    statement = statement.order_by(sort_key, _P.id).limit(page.fetch)
    rows = (await session.execute(statement)).all()
    count_query = select(func.count()).select_from(t.persons).where(and_(true(), *conditions))
    total = (await session.execute(count_query)).scalar_one()
    return [(row.id, row.key) for row in rows], total


def _cursor(after: tuple[Any, ...]) -> tuple[str, UUID]:
    try:
        key, last = after
        return str(key), UUID(str(last))
    except ValueError:
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None
