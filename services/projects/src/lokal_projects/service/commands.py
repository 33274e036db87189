"""What callers ask the projects service to do, as plain data (validated by the domain)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.municipality import MunicipalityProfile
from lokal_projects.domain.values import MunicipalityKind, Topic, WorkMode


class Keep(Enum):
    """Leave a field as it is (for fields where None means 'clear it')."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class RegisterMunicipality:
    ags: str
    name: str
    kind: MunicipalityKind
    population: int | None = None
    address: str | None = None
    website: str | None = None
    municipality_id: UUID = field(default_factory=uuid4)

    def profile(self) -> MunicipalityProfile:
        return MunicipalityProfile(
            name=self.name,
            kind=self.kind,
            population=self.population,
            address=self.address,
            website=self.website,
        )


@dataclass(frozen=True)
class ReviseMunicipality:
    """Only the fields given change; None clears an optional field."""

    name: str | None = None
    kind: MunicipalityKind | None = None
    population: int | Keep | None = KEEP
    address: str | Keep | None = KEEP
    website: str | Keep | None = KEEP

    def applied_to(self, profile: MunicipalityProfile) -> MunicipalityProfile:
        return replace(profile, **_given(self))


@dataclass(frozen=True)
class ApplyForProgramme:
    municipality_id: UUID
    round: str
    motivation: str
    problem: str
    mentor_id: UUID | None = None
    application_id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True)
class DraftProject:
    municipality_id: UUID
    title: str
    goal: str
    topic: Topic
    requirements: tuple[Requirement, ...]
    seats: tuple[str, ...]
    duration_months: int
    planned_start: date
    work_mode: WorkMode
    description: str = ""
    mentor_id: UUID | None = None
    project_id: UUID = field(default_factory=uuid4)

    def details(self) -> ProjectDetails:
        return ProjectDetails(
            title=self.title,
            goal=self.goal,
            description=self.description,
            topic=self.topic,
            requirements=self.requirements,
            seats=self.seats,
            duration_months=self.duration_months,
            planned_start=self.planned_start,
            work_mode=self.work_mode,
            mentor_id=self.mentor_id,
        )


@dataclass(frozen=True)
class EditProject:
    """Only the fields given change; a None mentor removes the Projektpat*in."""

    title: str | None = None
    goal: str | None = None
    description: str | None = None
    topic: Topic | None = None
    requirements: tuple[Requirement, ...] | None = None
    seats: tuple[str, ...] | None = None
    duration_months: int | None = None
    planned_start: date | None = None
    work_mode: WorkMode | None = None
    mentor_id: UUID | Keep | None = KEEP

    def applied_to(self, details: ProjectDetails) -> ProjectDetails:
        return replace(details, **_given(self))


def _given(command: Any) -> dict[str, Any]:
    """The fields a partial command sets: not KEEP, and not None where None means 'not given'."""
    given = {}
    for f in fields(command):
        value = getattr(command, f.name)
        clearable = f.default is KEEP
        if value is KEEP or (value is None and not clearable):
            continue
        given[f.name] = value
    return given
