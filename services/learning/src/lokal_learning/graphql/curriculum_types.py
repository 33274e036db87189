"""Curriculum templates as the subgraph shows them."""

from __future__ import annotations

from datetime import time

import strawberry

from lokal_learning.domain import curriculum as curriculum_model
from lokal_learning.graphql.enums import SessionFormat, SessionKind


@strawberry.type(description="One entry of a curriculum template, relative to a cohort's start.")
class CurriculumItem:
    id: strawberry.ID
    kind: SessionKind
    title: str
    description: str
    offset_days: int = strawberry.field(description="Days after the cohort's first day.")
    start_time: time = strawberry.field(description="Local wall-clock time in Europe/Berlin.")
    duration_minutes: int
    format: SessionFormat
    mandatory: bool
    capacity: int
    occurrences: int
    repeat_every_days: int | None

    @classmethod
    def of(cls, item: curriculum_model.CurriculumItem) -> CurriculumItem:
        return cls(
            id=strawberry.ID(str(item.id)),
            kind=item.kind,
            title=item.title,
            description=item.description,
            offset_days=item.offset_days,
            start_time=item.start_time,
            duration_minutes=item.duration_minutes,
            format=item.format,
            mandatory=item.mandatory,
            capacity=item.capacity,
            occurrences=item.occurrences,
            repeat_every_days=item.repeat_every_days,
        )


@strawberry.type(description="The programme's standard plan; new cohorts follow the current one.")
class CurriculumTemplate:
    id: strawberry.ID
    name: str
    description: str
    is_current: bool
    items: list[CurriculumItem]

    @classmethod
    def of(cls, template: curriculum_model.CurriculumTemplate) -> CurriculumTemplate:
        return cls(
            id=strawberry.ID(str(template.id)),
            name=template.name,
            description=template.description,
            is_current=template.is_current,
            items=[CurriculumItem.of(item) for item in template.items],
        )
