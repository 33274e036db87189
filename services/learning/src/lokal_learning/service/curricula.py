"""Curriculum templates and cohorts created from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, InvalidInput, NotFound
from lokal_learning.domain.cohorts import Cohort, cohort_from_template
from lokal_learning.domain.curriculum import (
    CurriculumItem,
    CurriculumTemplate,
    cohort_period,
)
from lokal_learning.service.events import session_scheduled
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime


@dataclass(frozen=True)
class NewTemplate:
    name: str
    description: str
    items: list[dict[str, Any]] = field(default_factory=list)
    """Keyword arguments of `CurriculumItem`, validated once the caller is authorised."""
    make_current: bool = False


async def create_template(
    rt: Runtime, principal: Principal, command: NewTemplate
) -> CurriculumTemplate:
    principal.require_programme()
    template = CurriculumTemplate(
        id=uuid4(),
        name=command.name,
        description=command.description,
        items=tuple(_item(index, spec) for index, spec in enumerate(command.items)),
        is_current=command.make_current,
    )
    async with rt.uow_factory() as uow:
        await uow.curricula.add_template(template, rt.clock())
        if command.make_current:
            await uow.curricula.make_current(template.id)
        await uow.commit()
    return template


def _item(index: int, spec: dict[str, Any]) -> CurriculumItem:
    try:
        return CurriculumItem(**spec)
    except InvalidInput as error:
        raise InvalidInput(
            f"item {index + 1}: {error.message}", item=index, **error.details
        ) from None


async def make_template_current(
    rt: Runtime, principal: Principal, template_id: UUID
) -> CurriculumTemplate:
    principal.require_programme()
    async with rt.uow_factory() as uow:
        if await uow.curricula.template(template_id) is None:
            raise NotFound("no curriculum template with this id", id=str(template_id))
        await uow.curricula.make_current(template_id)
        template = await uow.curricula.template(template_id)
        await uow.commit()
    assert template is not None
    return template


async def create_cohort(
    rt: Runtime, principal: Principal, template_id: UUID, starts_on: date, title: str | None
) -> Cohort:
    principal.require_programme()
    if starts_on < rt.today():
        raise InvalidInput("a cohort cannot start in the past", field="startsOn")
    async with rt.uow_factory() as uow:
        template = await uow.curricula.template(template_id)
        if template is None:
            raise NotFound("no curriculum template with this id", field="templateId")
        cohort = await open_cohort(uow, template, starts_on, rt.clock(), title=title)
        if cohort is None:
            raise Conflict(
                f"there is a cohort for {cohort_period(starts_on)} already",
                field="startsOn",
                period=cohort_period(starts_on),
            )
        await uow.commit()
    return cohort


async def open_cohort(
    uow: LearningUnitOfWork,
    template: CurriculumTemplate,
    starts_on: date,
    now: datetime,
    *,
    title: str | None = None,
    cohort_id: UUID | None = None,
) -> Cohort | None:
    """Create the cohort with its scheduled sessions; None when its period has one already."""
    cohort, sessions = cohort_from_template(template, starts_on, title=title, cohort_id=cohort_id)
    if not await uow.curricula.add_cohort_if_absent(cohort, now):
        return None
    await uow.sessions.add(sessions, now)
    for session in sessions:
        uow.publish(session_scheduled(session))
    return cohort
