"""Matching's read models: the makers and projects it learns about from events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from lokal_matching.domain.periods import period_end

SELECTABLE_STAGES = frozenset({"selected", "placed"})
"""Stages (people's pipeline) in which a maker may be proposed for a project."""


class ProjectStatus(StrEnum):
    OPEN = "open"
    """Published and looking for makers."""
    CLOSED = "closed"
    """Staffed, running or completed: known, but not looking for makers."""
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Requirement:
    competence_id: str
    min_level: int
    must_have: bool


@dataclass(frozen=True)
class Maker:
    person_id: UUID
    competences: Mapping[str, int]
    earliest_start: date
    months: int
    states: tuple[str, ...] = ()
    ags_prefixes: tuple[str, ...] = ()
    willing_to_relocate: bool = False
    topics: frozenset[str] = field(default_factory=frozenset)
    background: str = "business"
    experience_years: int = 0
    stage: str = "selected"
    version: int = 1

    @property
    def available_until(self) -> date:
        return period_end(self.earliest_start, self.months)

    @property
    def selectable(self) -> bool:
        return self.stage in SELECTABLE_STAGES


@dataclass(frozen=True)
class Project:
    project_id: UUID
    municipality_id: UUID
    ags: str
    topic: str
    requirements: tuple[Requirement, ...]
    seats: tuple[str, ...]
    """The pay group of each seat, by seat index."""
    planned_start: date
    duration_months: int
    work_mode: str = "on_site"
    mentor_id: UUID | None = None
    status: ProjectStatus = ProjectStatus.OPEN
    version: int = 1

    @property
    def ends_on(self) -> date:
        return period_end(self.planned_start, self.duration_months)

    @property
    def state_code(self) -> str:
        return self.ags[:2]
