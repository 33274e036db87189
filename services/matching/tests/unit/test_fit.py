"""Fit scores, computed by hand for small cases, and the same from both directions."""

from __future__ import annotations

import random
from datetime import date
from uuid import uuid4

import numpy as np
import pytest

from lokal_matching.domain.explanation import CompetenceStatus, explain
from lokal_matching.domain.fit import RegionMatch, fit, rank
from lokal_matching.domain.model import Maker, Project, Requirement
from lokal_matching.domain.pools import MakerArrays, ProjectArrays
from lokal_matching.domain.settings import FitSettings
from lokal_matching.synthetic import synthetic_maker, synthetic_project

SETTINGS = FitSettings()


def project(**changes: object) -> Project:
    values: dict[str, object] = {
        "project_id": uuid4(),
        "municipality_id": uuid4(),
        "ags": "06636003",
        "topic": "digitalisation",
        "requirements": (
            Requirement("A", 3, must_have=True),
            Requirement("B", 2, must_have=False),
            Requirement("C", 2, must_have=False),
        ),
        "seats": ("E11", "E12"),
        "planned_start": date(2026, 3, 1),
        "duration_months": 6,
    }
    values.update(changes)
    return Project(**values)  # type: ignore[arg-type]


def maker(**changes: object) -> Maker:
    values: dict[str, object] = {
        "person_id": uuid4(),
        "competences": {"A": 4, "B": 1},
        "earliest_start": date(2026, 5, 1),
        "months": 12,
        "ags_prefixes": ("066",),
        "topics": frozenset({"climate"}),
    }
    values.update(changes)
    return Maker(**values)  # type: ignore[arg-type]


def single(m: Maker, p: Project) -> tuple[float, dict[str, float], int, bool, bool]:
    scores = fit(MakerArrays.build([m]), ProjectArrays.build([p]), SETTINGS)
    parts = {
        "competence": float(scores.competence[0]),
        "availability": float(scores.availability[0]),
        "region": float(scores.region[0]),
        "topic": float(scores.topic[0]),
    }
    return (
        float(scores.score[0]),
        parts,
        int(scores.region_match[0]),
        bool(scores.eligible[0]),
        bool(scores.near_miss[0]),
    )


def test_a_hand_computed_pair() -> None:
    score, parts, match, eligible, near_miss = single(maker(), project())
    # A held above level (2 x 1), B below (1 x 0.5 x 1/2), C missing: (2 + 0.25) / 4
    assert parts["competence"] == pytest.approx(0.5625)
    # available from 1 May, the project runs 1 Mar - 31 Aug (184 days): May-Aug, 123 days
    assert parts["availability"] == pytest.approx(123 / 184)
    assert parts["region"] == 1.0
    assert match == RegionMatch.WISHED_AREA
    assert parts["topic"] == 0.0
    assert score == pytest.approx(0.55 * 0.5625 + 0.2 * 123 / 184 + 0.15 * 1.0 + 0.1 * 0.0)
    assert eligible
    assert not near_miss


@pytest.mark.parametrize(
    ("changes", "expected", "kind"),
    [
        ({"ags_prefixes": ("06636003",)}, 1.0, RegionMatch.WISHED_AREA),
        ({"ags_prefixes": (), "states": ("06",)}, 1.0, RegionMatch.WISHED_STATE),
        ({"ags_prefixes": ("06636010",)}, 0.8, RegionMatch.SAME_DISTRICT),
        ({"ags_prefixes": ("06611000",)}, 0.65, RegionMatch.SAME_REGION),
        ({"ags_prefixes": ("06411000",)}, 0.5, RegionMatch.SAME_STATE),
        (
            {"ags_prefixes": ("01",), "willing_to_relocate": True},
            0.4,
            RegionMatch.WILLING_TO_RELOCATE,
        ),
        ({"ags_prefixes": ()}, 0.5, RegionMatch.NO_PREFERENCE),
        ({"ags_prefixes": ("01", "06411000")}, 0.5, RegionMatch.SAME_STATE),
        ({"ags_prefixes": ("01",)}, 0.0, RegionMatch.NONE),
    ],
)
def test_region_by_ags_prefix_land_and_relocation(
    changes: dict[str, object], expected: float, kind: RegionMatch
) -> None:
    _, parts, match, _, _ = single(maker(**changes), project())
    assert parts["region"] == expected
    assert match == kind


def test_topic_interest_and_no_preference() -> None:
    assert single(maker(topics=frozenset({"digitalisation"})), project())[1]["topic"] == 1.0
    assert single(maker(topics=frozenset()), project())[1]["topic"] == 0.5


def test_availability_without_overlap_scores_zero() -> None:
    late = maker(earliest_start=date(2026, 9, 1))
    assert single(late, project())[1]["availability"] == 0.0


def test_a_must_have_below_level_makes_a_near_miss_and_a_missing_one_no_candidate() -> None:
    _, _, _, eligible, near_miss = single(maker(competences={"A": 2, "B": 3}), project())
    assert not eligible
    assert near_miss
    _, _, _, eligible, near_miss = single(maker(competences={"B": 3}), project())
    assert not eligible
    assert not near_miss


def test_a_project_without_requirements_is_fully_covered() -> None:
    _, parts, _, eligible, _ = single(maker(), project(requirements=()))
    assert parts["competence"] == 1.0
    assert eligible


def test_weights_come_from_settings() -> None:
    only_topic = FitSettings(
        competence_weight=0, availability_weight=0, region_weight=0, topic_weight=2
    )
    scores = fit(
        MakerArrays.build([maker(topics=frozenset({"digitalisation"}))]),
        ProjectArrays.build([project()]),
        only_topic,
    )
    assert scores.score[0] == 1.0


def test_ranking_hides_ineligible_pairs_unless_near_misses_are_asked_for() -> None:
    good, weak, near, none = (
        maker(),
        maker(competences={"A": 3}, ags_prefixes=("01",)),
        maker(competences={"A": 1, "B": 2, "C": 2}),
        maker(competences={"B": 4}),
    )
    pool = MakerArrays.build([good, weak, near, none])
    scores = fit(pool, ProjectArrays.build([project()]), SETTINGS)
    ids = pool.ids
    assert [ids[i] for i in rank(scores)] == [good.person_id, weak.person_id]
    with_near = [ids[i] for i in rank(scores, include_near_misses=True)]
    assert set(with_near) == {good.person_id, weak.person_id, near.person_id}
    best = float(scores.score[rank(scores)[0]])
    assert [ids[i] for i in rank(scores, min_score=best)] == [good.person_id]


def test_both_directions_give_the_same_scores() -> None:
    rng = random.Random(7)
    makers = [synthetic_maker(rng) for _ in range(60)]
    projects = [synthetic_project(rng) for _ in range(40)]
    maker_pool, project_pool = MakerArrays.build(makers), ProjectArrays.build(projects)
    by_project = np.stack(
        [fit(maker_pool, project_pool.subset([j]), SETTINGS).score for j in range(40)]
    )
    for i, m in enumerate(maker_pool.makers):
        by_maker = fit(MakerArrays.build([m]), project_pool, SETTINGS)
        np.testing.assert_allclose(by_maker.score, by_project[:, i])
        assert ((by_maker.score >= 0) & (by_maker.score <= 1)).all()


def test_the_explanation_names_every_requirement_and_the_region_wish() -> None:
    m, p = maker(ags_prefixes=("06636010",)), project()
    scores = fit(MakerArrays.build([m]), ProjectArrays.build([p]), SETTINGS)
    explanation = explain(m, p, scores, 0, SETTINGS)
    assert [r.status for r in explanation.requirements] == [
        CompetenceStatus.COVERED,
        CompetenceStatus.BELOW_LEVEL,
        CompetenceStatus.MISSING,
    ]
    assert explanation.region_match is RegionMatch.SAME_DISTRICT
    assert explanation.matched_wish == "06636010"
    assert explanation.overlap_days == 123
    assert explanation.topic_interest is False
    assert explanation.score == pytest.approx(float(scores.score[0]))
