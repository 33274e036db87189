"""A maker's profile: competences with levels and evidence, background, availability, regions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from lokal_kit.errors import InvalidInput

MIN_LEVEL, MAX_LEVEL = 1, 4
MIN_MONTHS, MAX_MONTHS = 6, 12
MAX_EXPERIENCE_YEARS = 60
MAX_EVIDENCE = 500
MAX_LINKS = 5
_STATE = re.compile(r"^(0[1-9]|1[0-6])$")
_AGS_PREFIX = re.compile(r"^(0[1-9]|1[0-6])\d{0,6}$")


class Background(StrEnum):
    BUSINESS = "business"
    CIVIL_SOCIETY = "civil_society"
    PUBLIC_SECTOR = "public_sector"
    RESEARCH = "research"


class Topic(StrEnum):
    DIGITALISATION = "digitalisation"
    PROCESS_MODERNISATION = "process_modernisation"
    CLIMATE = "climate"
    INTEGRATION = "integration"
    OTHER = "other"


class Workload(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


def level(value: int, *, field: str = "level") -> int:
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        raise InvalidInput(
            f"a competence level is {MIN_LEVEL} to {MAX_LEVEL}, not {value}", field=field
        )
    return value


@dataclass(frozen=True)
class ProfileCompetence:
    """A competence the maker brings, how well, and how they know it."""

    competence_id: str
    level: int
    years: int | None = None
    evidence: str | None = None

    def __post_init__(self) -> None:
        level(self.level)
        if self.years is not None and not 0 <= self.years <= MAX_EXPERIENCE_YEARS:
            raise InvalidInput(f"years must be 0 to {MAX_EXPERIENCE_YEARS}", field="years")
        if self.evidence is not None and len(self.evidence) > MAX_EVIDENCE:
            raise InvalidInput(
                f"the evidence is longer than {MAX_EVIDENCE} characters", field="evidence"
            )


@dataclass(frozen=True)
class Availability:
    earliest_start: date
    months: int
    workload: Workload = Workload.FULL_TIME

    def __post_init__(self) -> None:
        if not MIN_MONTHS <= self.months <= MAX_MONTHS:
            raise InvalidInput(
                f"a placement lasts {MIN_MONTHS} to {MAX_MONTHS} months, not {self.months}",
                field="availability.months",
            )

    def covers(self, start_by: date, months: int) -> bool:
        return self.earliest_start <= start_by and self.months >= months


@dataclass(frozen=True)
class RegionWishes:
    """Where the maker would work: Länder (AGS land codes), districts or towns by AGS prefix."""

    states: tuple[str, ...] = ()
    ags_prefixes: tuple[str, ...] = ()
    willing_to_relocate: bool = False

    def __post_init__(self) -> None:
        for code in self.states:
            if not _STATE.match(code):
                raise InvalidInput(f"{code!r} is not a Land code 01-16", field="regions.states")
        for prefix in self.ags_prefixes:
            if not _AGS_PREFIX.match(prefix):
                raise InvalidInput(
                    f"{prefix!r} is not the start of an AGS (2-8 digits, a Land code first)",
                    field="regions.agsPrefixes",
                )

    @property
    def prefixes(self) -> tuple[str, ...]:
        """All wishes as AGS prefixes: a Land is the two-digit prefix of its AGS."""
        return tuple(dict.fromkeys((*self.states, *self.ags_prefixes)))


@dataclass
class MakerProfile:
    background: Background
    experience_years: int
    availability: Availability
    regions: RegionWishes = field(default_factory=RegionWishes)
    competences: tuple[ProfileCompetence, ...] = ()
    topics: tuple[Topic, ...] = ()
    links: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.experience_years <= MAX_EXPERIENCE_YEARS:
            raise InvalidInput(
                f"experience is 0 to {MAX_EXPERIENCE_YEARS} years", field="experienceYears"
            )
        ids = [c.competence_id for c in self.competences]
        if len(ids) != len(set(ids)):
            raise InvalidInput("a competence is listed twice", field="competences")
        if len(self.links) > MAX_LINKS:
            raise InvalidInput(f"at most {MAX_LINKS} links", field="links")
        for link in self.links:
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500:
                raise InvalidInput(f"{link!r} is not an http(s) link", field="links")
        self.topics = tuple(dict.fromkeys(self.topics))

    def competence_ids(self) -> Iterable[str]:
        return (c.competence_id for c in self.competences)
