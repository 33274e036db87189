"""Fit of makers to projects: every part of the score, for many pairs at once.

One side has a single row: one project against all makers (candidates), or one
maker against all projects (recommendations). The formulas are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from lokal_matching.domain.pools import DISTRICT, REGION, STATE, MakerArrays, ProjectArrays
from lokal_matching.domain.settings import FitSettings

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]


class RegionMatch(IntEnum):
    """How a maker's region wishes meet a project's AGS; the best applicable one counts."""

    WISHED_AREA = 0
    WISHED_STATE = 1
    SAME_DISTRICT = 2
    SAME_REGION = 3
    SAME_STATE = 4
    WILLING_TO_RELOCATE = 5
    NO_PREFERENCE = 6
    NONE = 7


@dataclass(frozen=True)
class FitScores:
    """Parallel arrays, one entry per pair; every part lies in [0, 1]."""

    score: Floats
    competence: Floats
    availability: Floats
    region: Floats
    region_match: Ints
    topic: Floats
    eligible: Bools
    """Every must-have held at the required level."""
    near_miss: Bools
    """Not eligible, but every must-have held at some level."""
    covered: Bools
    """(requirements, pairs): the requirement is held at the required level."""

    def __len__(self) -> int:
        return len(self.score)


def fit(makers: MakerArrays, projects: ProjectArrays, settings: FitSettings) -> FitScores:
    if len(makers) != 1 and len(projects) != 1:
        raise ValueError("fit compares one maker with projects or one project with makers")
    levels = _levels(makers, projects)
    competence, eligible, near_miss, covered = _competence(levels, projects, settings)
    availability = _availability(makers, projects)
    region, region_match = _region(makers, projects, settings)
    topic = _topic(makers, projects, settings)
    score = (
        settings.competence_weight * competence
        + settings.availability_weight * availability
        + settings.region_weight * region
        + settings.topic_weight * topic
    ) / settings.total_weight
    return FitScores(
        score=score,
        competence=competence,
        availability=availability,
        region=region,
        region_match=region_match,
        topic=topic,
        eligible=eligible,
        near_miss=near_miss,
        covered=covered,
    )


def rank(scores: FitScores, *, min_score: float = 0.0, include_near_misses: bool = False) -> Ints:
    """Rows worth showing, best first; equal scores keep the pool's order (by id)."""
    shown = scores.eligible | (scores.near_miss if include_near_misses else False)
    rows = np.flatnonzero(shown & (scores.score >= min_score))
    order = np.lexsort((rows, -scores.score[rows]))
    return rows[order]


def _levels(makers: MakerArrays, projects: ProjectArrays) -> Floats:
    """(requirements, pairs): the maker's level of each required competence, 0 if missing.

    Requirement-major throughout: reductions over the few requirements then run
    as element-wise operations over long contiguous rows.
    """
    if len(projects) == 1:
        wanted = projects.requirement_ids[0]
        columns = np.array([makers.vocabulary.get(c, -1) for c in wanted], dtype=np.int64)
        levels = np.zeros((projects.min_level.shape[1], len(makers)), dtype=np.float64)
        present = np.flatnonzero(columns >= 0)
        levels[present] = makers.levels[columns[present]]
        return levels
    held = makers.makers[0].competences
    levels = np.zeros(projects.min_level.shape, dtype=np.float64)
    for row, wanted in enumerate(projects.requirement_ids):
        levels[row, : len(wanted)] = [held.get(c, 0) for c in wanted]
    return np.ascontiguousarray(levels.T)


def _any(rows: NDArray[np.bool_]) -> Bools:
    """OR over axis 0 (short), element-wise over axis 1 (long)."""
    result = np.zeros(rows.shape[1:], dtype=bool)
    for row in rows:
        result |= row
    return result


def _competence(
    levels: Floats, projects: ProjectArrays, settings: FitSettings
) -> tuple[Floats, Bools, Bools, Bools]:
    minimum = projects.min_level.T
    valid = projects.valid.T
    must = projects.must_have.T & valid
    covered = (levels >= minimum) & valid
    held = levels > 0
    credit = np.where(
        covered, 1.0, np.where(held, settings.below_level_credit * levels / minimum, 0.0)
    )
    weights = np.where(must, settings.must_have_weight, settings.nice_to_have_weight) * valid
    total = weights.sum(axis=0)
    weighted = (credit * weights).sum(axis=0)
    part = np.divide(weighted, total, out=np.ones_like(weighted), where=total > 0)
    eligible = ~_any(must & ~covered)
    near_miss = ~eligible & ~_any(must & ~held)
    return part, eligible, near_miss, covered


def _availability(makers: MakerArrays, projects: ProjectArrays) -> Floats:
    shared = np.minimum(makers.available_last, projects.last) - np.maximum(
        makers.available_first, projects.first
    )
    length = projects.last - projects.first + 1
    return np.asarray(np.clip(shared + 1, 0, None) / length, dtype=np.float64)


def _region(
    makers: MakerArrays, projects: ProjectArrays, settings: FitSettings
) -> tuple[Floats, Ints]:
    codes = projects.prefix_codes
    lengths = np.clip(makers.wish_length, 0, None)
    at_length = codes[0][lengths] if len(projects) == 1 else codes[:, lengths[:, 0]].T
    wished = makers.wish_length > 0
    scale = settings.region
    kinds = [
        (
            RegionMatch.WISHED_AREA,
            scale.wished_area,
            _any((makers.wish_value == at_length) & wished),
        ),
        (
            RegionMatch.WISHED_STATE,
            scale.wished_state,
            ((makers.state_mask >> projects.state) & 1) > 0,
        ),
        (
            RegionMatch.SAME_DISTRICT,
            scale.same_district,
            _any(makers.wish_district == codes[:, DISTRICT]),
        ),
        (RegionMatch.SAME_REGION, scale.same_region, _any(makers.wish_region == codes[:, REGION])),
        (RegionMatch.SAME_STATE, scale.same_state, _any(makers.wish_state == codes[:, STATE])),
        (RegionMatch.WILLING_TO_RELOCATE, scale.willing_to_relocate, makers.relocate),
        (RegionMatch.NO_PREFERENCE, scale.no_preference, makers.no_region_wishes),
    ]
    size = max(len(makers), len(projects))
    match = np.full(size, RegionMatch.NONE, dtype=np.int64)
    # the best kind that applies wins; on equal scores the earlier kind
    for kind, _value, applies in sorted(kinds, key=lambda k: (k[1], -k[0])):
        match[np.broadcast_to(applies, (size,))] = kind
    values = np.array([*(k[1] for k in kinds), 0.0])
    return values[match], match


def _topic(makers: MakerArrays, projects: ProjectArrays, settings: FitSettings) -> Floats:
    interested = ((makers.topic_mask >> projects.topic_bit) & 1).astype(np.float64)
    return np.asarray(np.where(makers.no_topics, settings.topic_no_preference, interested))
