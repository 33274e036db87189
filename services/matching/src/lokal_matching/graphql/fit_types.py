"""Fit with its explanation: every part of the score, visible."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from lokal_matching.domain import explanation as domain
from lokal_matching.domain.fit import RegionMatch as DomainRegionMatch

if TYPE_CHECKING:
    from lokal_matching.graphql.stubs import Competence, Person, Project

Stubs = "lokal_matching.graphql.stubs"

FitCompetenceStatus = strawberry.enum(domain.CompetenceStatus, name="FitCompetenceStatus")


FitRegionMatch = strawberry.enum(
    DomainRegionMatch, name="FitRegionMatch", description="How region wishes meet the AGS."
)


@strawberry.type(description="The weights the score was computed with (configuration).")
class FitWeights:
    competence: float
    availability: float
    region: float
    topic: float
    must_have: float
    nice_to_have: float
    below_level_credit: float


@strawberry.type
class FitRequirement:
    min_level: int
    must_have: bool
    level: int = strawberry.field(description="The maker's level, 0 when missing.")
    status: FitCompetenceStatus  # type: ignore[valid-type]
    competence_id: strawberry.Private[str]

    @strawberry.field
    def competence(self) -> Annotated[Competence, strawberry.lazy(Stubs)]:
        from lokal_matching.graphql.stubs import Competence

        return Competence(id=strawberry.ID(self.competence_id))


@strawberry.type(name="MakerProjectFit", description="Fit of one maker to one project, in [0, 1].")
class Fit:
    score: float
    eligible: bool = strawberry.field(description="Every must-have held at its level.")
    near_miss: bool = strawberry.field(description="Not eligible, but every must-have held.")
    competence: float
    availability: float
    region: float
    topic: float
    weights: FitWeights
    requirements: list[FitRequirement]
    availability_overlap_days: int
    available_from: datetime.date
    available_until: datetime.date
    region_match: FitRegionMatch  # type: ignore[valid-type]
    matched_region: str | None = strawberry.field(
        description="The wished AGS prefix or Land code the region match rests on."
    )
    willing_to_relocate: bool
    topic_interest: bool | None = strawberry.field(
        description="Whether the project's topic is one of the maker's; null: named none."
    )


def fit_of(e: domain.FitExplanation) -> Fit:
    s = e.settings
    return Fit(
        score=e.score,
        eligible=e.eligible,
        near_miss=e.near_miss,
        competence=e.competence,
        availability=e.availability,
        region=e.region,
        topic=e.topic,
        weights=FitWeights(
            competence=s.competence_weight,
            availability=s.availability_weight,
            region=s.region_weight,
            topic=s.topic_weight,
            must_have=s.must_have_weight,
            nice_to_have=s.nice_to_have_weight,
            below_level_credit=s.below_level_credit,
        ),
        requirements=[
            FitRequirement(
                min_level=r.min_level,
                must_have=r.must_have,
                level=r.level,
                status=r.status,
                competence_id=r.competence_id,
            )
            for r in e.requirements
        ],
        availability_overlap_days=e.overlap_days,
        available_from=e.available_from,
        available_until=e.available_until,
        region_match=e.region_match,
        matched_region=e.matched_wish,
        willing_to_relocate=e.willing_to_relocate,
        topic_interest=e.topic_interest,
    )


@strawberry.type(name="MatchingCandidate", description="A selected maker ranked for a project.")
class Candidate:
    fit: Fit
    person_id: strawberry.Private[str]

    @strawberry.field
    def person(self) -> Annotated[Person, strawberry.lazy(Stubs)]:
        from lokal_matching.graphql.stubs import Person

        return Person(id=strawberry.ID(self.person_id))


@strawberry.type(description="An open project ranked for a maker.")
class ProjectRecommendation:
    fit: Fit
    project_id: strawberry.Private[str]

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy(Stubs)]:
        from lokal_matching.graphql.stubs import Project

        return Project(id=strawberry.ID(self.project_id))
