"""Why a maker fits a project as well as they do: every part, in words a person can check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lokal_matching.domain.fit import FitScores, RegionMatch
from lokal_matching.domain.model import Maker, Project
from lokal_matching.domain.periods import overlap_days
from lokal_matching.domain.pools import DISTRICT, REGION, STATE
from lokal_matching.domain.settings import FitSettings


class CompetenceStatus(StrEnum):
    COVERED = "covered"
    BELOW_LEVEL = "below_level"
    MISSING = "missing"


@dataclass(frozen=True)
class RequirementFit:
    competence_id: str
    min_level: int
    must_have: bool
    level: int
    status: CompetenceStatus


@dataclass(frozen=True)
class FitExplanation:
    score: float
    eligible: bool
    near_miss: bool
    competence: float
    availability: float
    region: float
    topic: float
    requirements: tuple[RequirementFit, ...]
    overlap_days: int
    available_from: date
    available_until: date
    region_match: RegionMatch
    matched_wish: str | None
    """The wished AGS prefix or Land code the region match rests on."""
    willing_to_relocate: bool
    topic_interest: bool | None
    """None: the maker named no topics."""
    settings: FitSettings


def explain(
    maker: Maker, project: Project, scores: FitScores, row: int, settings: FitSettings
) -> FitExplanation:
    """Row `row` of `scores` is the pair (maker, project)."""
    requirements = []
    for requirement in project.requirements:
        level = maker.competences.get(requirement.competence_id, 0)
        if level >= requirement.min_level:
            status = CompetenceStatus.COVERED
        elif level > 0:
            status = CompetenceStatus.BELOW_LEVEL
        else:
            status = CompetenceStatus.MISSING
        requirements.append(
            RequirementFit(
                requirement.competence_id,
                requirement.min_level,
                requirement.must_have,
                level,
                status,
            )
        )
    match = RegionMatch(int(scores.region_match[row]))
    return FitExplanation(
        score=float(scores.score[row]),
        eligible=bool(scores.eligible[row]),
        near_miss=bool(scores.near_miss[row]),
        competence=float(scores.competence[row]),
        availability=float(scores.availability[row]),
        region=float(scores.region[row]),
        topic=float(scores.topic[row]),
        requirements=tuple(requirements),
        overlap_days=overlap_days(
            maker.earliest_start, maker.available_until, project.planned_start, project.ends_on
        ),
        available_from=maker.earliest_start,
        available_until=maker.available_until,
        region_match=match,
        matched_wish=_matched_wish(maker, project.ags, match),
        willing_to_relocate=maker.willing_to_relocate,
        topic_interest=(project.topic in maker.topics) if maker.topics else None,
        settings=settings,
    )


def _matched_wish(maker: Maker, ags: str, match: RegionMatch) -> str | None:
    if match is RegionMatch.WISHED_STATE:
        return ags[:STATE]
    shared = {
        RegionMatch.SAME_DISTRICT: DISTRICT,
        RegionMatch.SAME_REGION: REGION,
        RegionMatch.SAME_STATE: STATE,
    }
    for prefix in maker.ags_prefixes:
        if match is RegionMatch.WISHED_AREA and ags.startswith(prefix):
            return prefix
        length = shared.get(match)
        if length is not None and len(prefix) >= length and prefix[:length] == ags[:length]:
            return prefix
    return None
