"""Input types and their translation into commands; a bad value names its field."""

from __future__ import annotations

from datetime import date

import strawberry

from lokal_people.domain.fields import within
from lokal_people.domain.persons import PersonRole
from lokal_people.domain.pipeline import Criterion, MakerStage, Rating
from lokal_people.domain.profile import (
    Availability,
    Background,
    ProfileCompetence,
    RegionWishes,
    Topic,
    Workload,
)
from lokal_people.domain.search import CompetenceAtLeast, PersonQuery
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.ids import uuid_of
from lokal_people.service.commands import (
    ApplyAsMaker,
    PersonDetails,
    ProfileChange,
    RegisterPerson,
)


@strawberry.input
class PersonDetailsInput:
    name: str | None = None
    email: str | None = None
    phone: str | None = strawberry.field(default=None, description="Empty removes it.")
    work_email: str | None = strawberry.field(default=None, description="Empty removes it.")
    preferred_language: str | None = None

    def details(self) -> PersonDetails:
        return PersonDetails(
            self.name, self.email, self.phone, self.work_email, self.preferred_language
        )


@strawberry.input
class PersonCompetenceInput:
    competence_id: strawberry.ID
    level: int = strawberry.field(description="1 (basic) to 4 (expert).")
    years: int | None = None
    evidence: str | None = None


@strawberry.input
class MakerAvailabilityInput:
    earliest_start: date
    months: int = strawberry.field(description="6 to 12.")
    workload: Workload = Workload.FULL_TIME


@strawberry.input
class MakerRegionWishesInput:
    states: list[str] = strawberry.field(default_factory=list)
    ags_prefixes: list[str] = strawberry.field(default_factory=list)
    willing_to_relocate: bool = False


@strawberry.input(description="Only the fields given change.")
class MakerProfileInput:
    competences: list[PersonCompetenceInput] | None = None
    background: Background | None = None
    experience_years: int | None = None
    availability: MakerAvailabilityInput | None = None
    regions: MakerRegionWishesInput | None = None
    topics: list[Topic] | None = None
    links: list[str] | None = None

    def change(self) -> ProfileChange:
        competences = None
        if self.competences is not None:
            competences = tuple(_competence(i, c) for i, c in enumerate(self.competences))
        availability = regions = None
        if self.availability is not None:
            a = self.availability
            availability = Availability(a.earliest_start, a.months, a.workload)
        if self.regions is not None:
            r = self.regions
            regions = RegionWishes(tuple(r.states), tuple(r.ags_prefixes), r.willing_to_relocate)
        return ProfileChange(
            competences=competences,
            background=self.background,
            experience_years=self.experience_years,
            availability=availability,
            regions=regions,
            topics=tuple(self.topics) if self.topics is not None else None,
            links=tuple(self.links) if self.links is not None else None,
        )


def _competence(index: int, given: PersonCompetenceInput) -> ProfileCompetence:
    with within(f"competences[{index}]"):
        return ProfileCompetence(str(given.competence_id), given.level, given.years, given.evidence)


@strawberry.input
class ApplyAsMakerInput:
    name: str
    email: str
    phone: str | None = None
    preferred_language: str | None = None
    profile: MakerProfileInput
    privacy_notice_version: str = strawberry.field(
        description="The version of the privacy notice the applicant agreed to."
    )
    alumni_network: bool = strawberry.field(
        default=False, description="Also agree to stay in the alumni network."
    )

    def command(self) -> ApplyAsMaker:
        with within("profile"):
            profile = self.profile.change()
        details = PersonDetails(self.name, self.email, self.phone, None, self.preferred_language)
        return ApplyAsMaker(details, profile, self.privacy_notice_version, self.alumni_network)


@strawberry.input
class RegisterPersonInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="The identity provider's subject, if known already."
    )
    name: str
    email: str
    phone: str | None = None
    work_email: str | None = None
    preferred_language: str | None = None
    roles: list[PersonRole]
    municipality_ids: list[strawberry.ID] = strawberry.field(default_factory=list)

    def command(self) -> RegisterPerson:
        return RegisterPerson(
            details=PersonDetails(
                self.name, self.email, self.phone, self.work_email, self.preferred_language
            ),
            roles=frozenset(self.roles),
            municipality_ids=frozenset(
                uuid_of(m, "municipalityIds") for m in self.municipality_ids
            ),
            id=uuid_of(self.id, "id") if self.id is not None else None,
        )


@strawberry.input
class InterviewRatingInput:
    criterion: Criterion
    score: int = strawberry.field(description="1 (weak) to 4 (strong).")
    note: str = ""


def ratings_of(given: list[InterviewRatingInput]) -> list[Rating]:
    return [Rating(r.criterion, r.score, r.note) for r in given]


@strawberry.input
class CompetenceLevelFilter:
    competence_id: strawberry.ID
    min_level: int


@strawberry.input(description="Every criterion given must hold.")
class PersonFilter:
    role: PersonRole | None = None
    stage: MakerStage | None = None
    competences: list[CompetenceLevelFilter] = strawberry.field(
        default_factory=list, description="Each competence at least at its level."
    )
    region: str | None = strawberry.field(
        default=None,
        description="An AGS prefix (Land, district or town): makers whose region wishes "
        "overlap it, and those willing to relocate.",
    )
    available_by: date | None = strawberry.field(
        default=None, description="Makers who can start on or before this day."
    )
    min_months: int | None = None
    workload: Workload | None = None
    municipality_id: strawberry.ID | None = None
    name: str | None = strawberry.field(default=None, description="Part of the name.")

    def query(self) -> PersonQuery:
        with within("filter"):
            wanted = tuple(
                CompetenceAtLeast(str(c.competence_id), c.min_level) for c in self.competences
            )
        return PersonQuery(
            role=self.role,
            stage=self.stage,
            competences=wanted,
            region=self.region,
            available_by=self.available_by,
            min_months=self.min_months,
            workload=self.workload,
            municipality_id=(
                uuid_of(self.municipality_id, "filter.municipalityId")
                if self.municipality_id is not None
                else None
            ),
            name=self.name,
        )
