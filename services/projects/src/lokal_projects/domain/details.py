"""What a Kommune describes about a project: goal, competences wanted, seats, time and place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from lokal_kit.errors import InvalidInput
from lokal_projects.domain.values import PAY_GROUP, Topic, WorkMode, required_text

MIN_TEAM, MAX_TEAM = 1, 6
MIN_MONTHS, MAX_MONTHS = 6, 12
MIN_LEVEL, MAX_LEVEL = 1, 4
MAX_REQUIREMENTS = 30
# an ESCO URI or a catalogue id: one token, no spaces
_COMPETENCE_ID = re.compile(r"^\S{1,300}$")


@dataclass(frozen=True)
class Requirement:
    """A competence the team needs (people owns the catalogue), at a minimum level."""

    competence_id: str
    min_level: int
    must_have: bool


@dataclass(frozen=True)
class ProjectDetails:
    title: str
    goal: str
    description: str
    topic: Topic
    requirements: tuple[Requirement, ...]
    seats: tuple[str, ...]
    """The TVöD pay group offered for each seat; the team size is their number."""
    duration_months: int
    planned_start: date
    work_mode: WorkMode
    mentor_id: UUID | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", required_text(self.title, field="title", max_length=200))
        object.__setattr__(self, "goal", required_text(self.goal, field="goal", max_length=2000))
        description = self.description.strip()
        if len(description) > 10_000:
            raise InvalidInput(
                "the description may have at most 10000 characters", field="description"
            )
        object.__setattr__(self, "description", description)
        _check_seats(self.seats)
        _check_requirements(self.requirements)
        if not MIN_MONTHS <= self.duration_months <= MAX_MONTHS:
            raise InvalidInput(
                f"a project runs {MIN_MONTHS} to {MAX_MONTHS} months, not {self.duration_months}",
                field="durationMonths",
            )

    @property
    def team_size(self) -> int:
        return len(self.seats)


def _check_seats(seats: tuple[str, ...]) -> None:
    if not MIN_TEAM <= len(seats) <= MAX_TEAM:
        raise InvalidInput(
            f"the team size (one pay group per seat) must be {MIN_TEAM} to {MAX_TEAM}, "
            f"not {len(seats)}",
            field="seats",
        )
    for index, pay_group in enumerate(seats):
        if not PAY_GROUP.match(pay_group):
            raise InvalidInput(
                f"{pay_group!r} is not a TVöD pay group (E1 … E15, E9a–c, E2Ü, E15Ü)",
                field=f"seats[{index}]",
            )


def _check_requirements(requirements: tuple[Requirement, ...]) -> None:
    if len(requirements) > MAX_REQUIREMENTS:
        raise InvalidInput(f"at most {MAX_REQUIREMENTS} required competences", field="requirements")
    seen: set[str] = set()
    for index, requirement in enumerate(requirements):
        if not _COMPETENCE_ID.match(requirement.competence_id):
            raise InvalidInput(
                "a competence id is an ESCO URI or catalogue id without spaces",
                field=f"requirements[{index}].competenceId",
            )
        if not MIN_LEVEL <= requirement.min_level <= MAX_LEVEL:
            raise InvalidInput(
                f"competence levels are {MIN_LEVEL} to {MAX_LEVEL}, not {requirement.min_level}",
                field=f"requirements[{index}].minLevel",
            )
        if requirement.competence_id in seen:
            raise InvalidInput(
                f"{requirement.competence_id} is required twice",
                field=f"requirements[{index}].competenceId",
            )
        seen.add(requirement.competence_id)
