"""A demo maker, as the seed describes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lokal_people.domain.pipeline import MakerStage
from lokal_people.domain.profile import Background, Topic, Workload

_ASCII = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"}

Skill = tuple[str, int, int, str]
"""(competence, level, years, how it was used)"""


@dataclass(frozen=True)
class DemoMaker:
    slug: str
    name: str
    background: Background
    experience_years: int
    start: date
    months: int
    skills: tuple[Skill, ...]
    states: tuple[str, ...] = ()
    ags_prefixes: tuple[str, ...] = ()
    relocate: bool = False
    topics: tuple[Topic, ...] = (Topic.DIGITALISATION,)
    workload: Workload = Workload.FULL_TIME
    stage: MakerStage = MakerStage.SELECTED

    @property
    def email(self) -> str:
        local = self.name.casefold().replace(" ", ".")
        for letter, spelled in _ASCII.items():
            local = local.replace(letter, spelled)
        return f"{local}@example.org"
