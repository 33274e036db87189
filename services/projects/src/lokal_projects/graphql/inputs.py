"""Inputs and filters, turned into the service's commands and queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from lokal_kit.errors import InvalidInput
from lokal_projects.domain.details import Requirement
from lokal_projects.domain.queries import ApplicationQuery, MunicipalityQuery, ProjectQuery
from lokal_projects.domain.values import State
from lokal_projects.graphql.enums import (
    MunicipalityApplicationStatus,
    MunicipalityKind,
    ProjectStatus,
    ProjectTopic,
    ProjectWorkMode,
)
from lokal_projects.graphql.ids import optional_uuid, uuid_arg
from lokal_projects.service.commands import (
    KEEP,
    ApplyForProgramme,
    DraftProject,
    EditProject,
    RegisterMunicipality,
    ReviseMunicipality,
)

MAX_SEARCH = 200


def _given(value: Any) -> Any:
    """UNSET (not sent) becomes KEEP; null stays None, which clears the field."""
    return KEEP if value is strawberry.UNSET else value


@strawberry.input
class RegisterMunicipalityInput:
    ags: str = strawberry.field(description="Amtlicher Gemeindeschlüssel, 8 digits.")
    name: str
    kind: MunicipalityKind
    population: int | None = None
    address: str | None = None
    website: str | None = None

    def command(self) -> RegisterMunicipality:
        return RegisterMunicipality(
            ags=self.ags,
            name=self.name,
            kind=self.kind,
            population=self.population,
            address=self.address,
            website=self.website,
        )


@strawberry.input(description="Only the fields sent change; null clears an optional one.")
class UpdateMunicipalityInput:
    name: str | None = strawberry.UNSET
    kind: MunicipalityKind | None = strawberry.UNSET
    population: int | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    website: str | None = strawberry.UNSET

    def command(self) -> ReviseMunicipality:
        return ReviseMunicipality(
            name=None if self.name is strawberry.UNSET else self.name,
            kind=None if self.kind is strawberry.UNSET else self.kind,
            population=_given(self.population),
            address=_given(self.address),
            website=_given(self.website),
        )


@strawberry.input
class ApplyForProgrammeInput:
    municipality_id: strawberry.ID
    motivation: str
    problem: str = strawberry.field(description="The problem the Kommune wants solved.")
    round: str = strawberry.field(default="PILOT", description="Programme round, e.g. PILOT.")
    mentor_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Projektpat*in the Kommune names from its staff."
    )

    def command(self) -> ApplyForProgramme:
        return ApplyForProgramme(
            municipality_id=uuid_arg(self.municipality_id, "municipalityId"),
            round=self.round,
            motivation=self.motivation,
            problem=self.problem,
            mentor_id=optional_uuid(self.mentor_id, "mentorId"),
        )


@strawberry.input
class ProjectRequirementInput:
    competence_id: strawberry.ID = strawberry.field(description="ESCO URI or catalogue id.")
    min_level: int = strawberry.field(description="1 (basic) to 4 (expert).")
    must_have: bool = True

    def requirement(self) -> Requirement:
        return Requirement(str(self.competence_id), self.min_level, self.must_have)


@strawberry.input
class CreateProjectInput:
    municipality_id: strawberry.ID
    title: str
    goal: str
    topic: ProjectTopic
    requirements: list[ProjectRequirementInput]
    seats: list[str] = strawberry.field(
        description="The TVöD pay group offered per seat (E9a … E15); 1 to 6 seats."
    )
    duration_months: int = strawberry.field(description="6 to 12.")
    planned_start: date
    work_mode: ProjectWorkMode
    description: str = ""
    mentor_id: strawberry.ID | None = None

    def command(self) -> DraftProject:
        return DraftProject(
            municipality_id=uuid_arg(self.municipality_id, "municipalityId"),
            title=self.title,
            goal=self.goal,
            description=self.description,
            topic=self.topic,
            requirements=tuple(r.requirement() for r in self.requirements),
            seats=tuple(self.seats),
            duration_months=self.duration_months,
            planned_start=self.planned_start,
            work_mode=self.work_mode,
            mentor_id=optional_uuid(self.mentor_id, "mentorId"),
        )


@strawberry.input(description="Only the fields sent change; a null mentorId removes the mentor.")
class UpdateProjectInput:
    title: str | None = None
    goal: str | None = None
    description: str | None = None
    topic: ProjectTopic | None = None
    requirements: list[ProjectRequirementInput] | None = None
    seats: list[str] | None = None
    duration_months: int | None = None
    planned_start: date | None = None
    work_mode: ProjectWorkMode | None = None
    mentor_id: strawberry.ID | None = strawberry.UNSET

    def command(self) -> EditProject:
        mentor = _given(self.mentor_id)
        return EditProject(
            title=self.title,
            goal=self.goal,
            description=self.description,
            topic=self.topic,
            requirements=None
            if self.requirements is None
            else tuple(r.requirement() for r in self.requirements),
            seats=None if self.seats is None else tuple(self.seats),
            duration_months=self.duration_months,
            planned_start=self.planned_start,
            work_mode=self.work_mode,
            mentor_id=mentor if mentor in (KEEP, None) else uuid_arg(mentor, "mentorId"),
        )


@strawberry.input
class ProjectFilter:
    status: list[ProjectStatus] | None = None
    states: list[str] | None = strawberry.field(
        default=None, description="Land codes (the AGS's first two digits), e.g. 06 for Hessen."
    )
    topics: list[ProjectTopic] | None = None
    competence_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Projects that require any of these competences."
    )
    start_from: date | None = None
    start_to: date | None = None
    municipality_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Words in title or goal.")

    def query(self) -> ProjectQuery:
        if self.start_from and self.start_to and self.start_from > self.start_to:
            raise InvalidInput("startFrom must not be after startTo", field="filter.startTo")
        return ProjectQuery(
            statuses=frozenset(self.status or ()),
            state_codes=_state_codes(self.states),
            topics=frozenset(self.topics or ()),
            competence_ids=frozenset(str(c) for c in self.competence_ids or ()),
            start_from=self.start_from,
            start_to=self.start_to,
            municipality_id=optional_uuid(self.municipality_id, "filter.municipalityId"),
            search=_search(self.search, "filter.search"),
        )


@strawberry.input
class MunicipalityFilter:
    states: list[str] | None = strawberry.field(default=None, description="Land codes, e.g. 14.")
    name: str | None = strawberry.field(default=None, description="Part of the name.")

    def query(self) -> MunicipalityQuery:
        return MunicipalityQuery(
            state_codes=_state_codes(self.states), name=_search(self.name, "filter.name")
        )


@strawberry.input
class MunicipalityApplicationFilter:
    municipality_id: strawberry.ID | None = None
    round: str | None = None
    status: list[MunicipalityApplicationStatus] | None = None

    def query(self) -> ApplicationQuery:
        return ApplicationQuery(
            municipality_id=optional_uuid(self.municipality_id, "filter.municipalityId"),
            round=self.round,
            statuses=frozenset(self.status or ()),
        )


def _state_codes(codes: list[str] | None) -> frozenset[str]:
    return frozenset(State.of(code, field="filter.states").code for code in codes or ())


def _search(words: str | None, field: str) -> str | None:
    if words is None or not words.strip():
        return None
    if len(words) > MAX_SEARCH:
        raise InvalidInput(f"search for at most {MAX_SEARCH} characters", field=field)
    return words.strip()
