"""What the programme team can look for among persons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from lokal_kit.errors import InvalidInput
from lokal_people.domain.persons import PersonRole
from lokal_people.domain.pipeline import MakerStage
from lokal_people.domain.profile import RegionWishes, Workload, level


@dataclass(frozen=True)
class CompetenceAtLeast:
    competence_id: str
    min_level: int

    def __post_init__(self) -> None:
        level(self.min_level, field="competences.minLevel")


@dataclass(frozen=True)
class PersonQuery:
    """All given criteria must hold.

    `region` (an AGS prefix) matches a maker whose wishes overlap it — a wish for the
    Land covers each of its towns, a wish for a town lies within its Land — or who is
    willing to relocate. `available_by` finds makers who can start on or before that day.
    """

    role: PersonRole | None = None
    stage: MakerStage | None = None
    competences: tuple[CompetenceAtLeast, ...] = ()
    region: str | None = None
    available_by: date | None = None
    min_months: int | None = None
    workload: Workload | None = None
    municipality_id: UUID | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.region is not None:
            try:
                RegionWishes(ags_prefixes=(self.region,))
            except InvalidInput:
                raise InvalidInput(
                    f"{self.region!r} is not the start of an AGS", field="filter.region"
                ) from None
        if self.min_months is not None and not 1 <= self.min_months <= 12:
            raise InvalidInput("minMonths is 1 to 12", field="filter.minMonths")
