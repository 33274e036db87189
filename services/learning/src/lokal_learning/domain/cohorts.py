"""Cohorts: everyone who starts in the same month, with the sessions of their programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from lokal_learning.domain.curriculum import (
    CurriculumTemplate,
    cohort_period,
    default_cohort_title,
    require_title,
    schedule,
)
from lokal_learning.domain.sessions import Session


@dataclass(frozen=True)
class Cohort:
    title: str
    starts_on: date
    template_id: UUID | None
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", require_title(self.title))

    @property
    def period(self) -> str:
        return cohort_period(self.starts_on)


def cohort_from_template(
    template: CurriculumTemplate,
    starts_on: date,
    *,
    title: str | None = None,
    cohort_id: UUID | None = None,
) -> tuple[Cohort, list[Session]]:
    """A new cohort and its sessions, scheduled from the template's plan."""
    cohort = Cohort(
        title=title or default_cohort_title(starts_on),
        starts_on=starts_on,
        template_id=template.id,
        id=cohort_id or uuid4(),
    )
    sessions = [
        Session(
            cohort_id=cohort.id,
            template_item_id=planned.item_id,
            kind=planned.kind,
            title=planned.title,
            description=planned.description,
            starts_at=planned.starts_at,
            ends_at=planned.ends_at,
            format=planned.format,
            capacity=planned.capacity,
            mandatory=planned.mandatory,
        )
        for planned in schedule(template.items, starts_on)
    ]
    return cohort, sessions
