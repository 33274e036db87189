"""The maker pipeline's transitions: what each stage allows, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_people.domain.pipeline import (
    Criterion,
    MakerApplication,
    MakerStage,
    Outcome,
    Rating,
    Scorecard,
)

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TEAM = uuid4()


def application() -> MakerApplication:
    return MakerApplication.submit(uuid4(), uuid4(), NOW)


def scorecard(score: int = 3, interviewer: UUID | None = TEAM) -> Scorecard:
    return Scorecard(uuid4(), interviewer, NOW, tuple(Rating(c, score) for c in Criterion))


def interviewed() -> MakerApplication:
    app = application()
    app.start_screening(TEAM, NOW)
    app.invite_to_interview(TEAM, NOW)
    app.record_scorecard(scorecard())
    return app


def test_the_way_to_the_pool_records_every_stage_and_grows_the_version() -> None:
    app = interviewed()
    app.decide(Outcome.SELECTED, TEAM, "strong methodical profile", NOW)
    assert app.stage is MakerStage.SELECTED
    assert [h.stage for h in app.history] == [
        MakerStage.APPLIED,
        MakerStage.SCREENING,
        MakerStage.INTERVIEW,
        MakerStage.SELECTED,
    ]
    assert app.decision is not None
    assert (app.decision.decided_by, app.decision.reason) == (TEAM, "strong methodical profile")
    assert app.version == 5  # submitted, three moves, one scorecard


@pytest.mark.parametrize("stage", [MakerStage.APPLIED, MakerStage.SCREENING, MakerStage.INTERVIEW])
def test_an_open_application_can_be_rejected_or_withdrawn(stage: MakerStage) -> None:
    for leave in ("reject", "withdraw"):
        app = application()
        if stage is not MakerStage.APPLIED:
            app.start_screening(TEAM, NOW)
        if stage is MakerStage.INTERVIEW:
            app.invite_to_interview(TEAM, NOW)
        if leave == "reject":
            app.decide(Outcome.REJECTED, TEAM, "not this round", NOW)
            assert app.stage is MakerStage.REJECTED
        else:
            app.withdraw(app.person_id, NOW)
            assert app.stage is MakerStage.WITHDRAWN


def test_skipping_a_stage_is_refused_and_changes_nothing() -> None:
    app = application()
    with pytest.raises(IllegalTransition) as refused:
        app.invite_to_interview(TEAM, NOW)
    assert refused.value.extensions()["state"] == "applied"
    with pytest.raises(IllegalTransition):
        app.decide(Outcome.SELECTED, TEAM, "eager", NOW)
    assert (app.stage, app.version, len(app.history)) == (MakerStage.APPLIED, 1, 1)


def test_selection_needs_an_interview_scorecard() -> None:
    app = application()
    app.start_screening(TEAM, NOW)
    app.invite_to_interview(TEAM, NOW)
    with pytest.raises(IllegalTransition, match="no interview scorecard"):
        app.decide(Outcome.SELECTED, TEAM, "looks good", NOW)
    assert app.stage is MakerStage.INTERVIEW


def test_a_decision_needs_a_reason() -> None:
    app = interviewed()
    with pytest.raises(InvalidInput) as refused:
        app.decide(Outcome.SELECTED, TEAM, "   ", NOW)
    assert refused.value.details["field"] == "reason"
    assert app.stage is MakerStage.INTERVIEW
    assert app.decision is None


def test_scorecards_only_in_the_interview_and_one_per_interviewer() -> None:
    app = application()
    with pytest.raises(IllegalTransition):
        app.record_scorecard(scorecard())
    app = interviewed()
    app.record_scorecard(scorecard(score=4))
    other = uuid4()
    app.record_scorecard(scorecard(score=2, interviewer=other))
    assert sorted((s.interviewer_id == TEAM, s.total) for s in app.scorecards) == [
        (False, 10),
        (True, 20),
    ]


@pytest.mark.parametrize("score", [0, 5])
def test_a_score_is_one_to_four(score: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 4"):
        Rating(Criterion.SOCIAL, score)


def test_a_scorecard_scores_every_criterion_once() -> None:
    with pytest.raises(InvalidInput) as refused:
        Scorecard(uuid4(), TEAM, NOW, (Rating(Criterion.SOCIAL, 3),))
    assert refused.value.details["field"] == "ratings"


def test_placement_and_its_end_move_a_selected_maker_to_placed_then_alumni() -> None:
    app = interviewed()
    app.decide(Outcome.SELECTED, TEAM, "fits", NOW)
    assert app.place(NOW) is True
    assert app.place(NOW) is False  # the same placement heard twice
    assert app.stage is MakerStage.PLACED
    assert app.finish_placement(NOW) is True
    assert app.finish_placement(NOW) is False
    assert app.stage is MakerStage.ALUMNI
    with pytest.raises(IllegalTransition):
        app.withdraw(app.person_id, NOW)


def test_a_placement_heard_of_only_when_it_ended_still_counts() -> None:
    app = interviewed()
    app.decide(Outcome.SELECTED, TEAM, "fits", NOW)
    assert app.finish_placement(NOW) is True
    assert [h.stage for h in app.history][-2:] == [MakerStage.PLACED, MakerStage.ALUMNI]


@pytest.mark.parametrize("stage", [MakerStage.APPLIED, MakerStage.REJECTED, MakerStage.WITHDRAWN])
def test_only_a_selected_maker_can_be_placed(stage: MakerStage) -> None:
    app = application()
    if stage is MakerStage.REJECTED:
        app.decide(Outcome.REJECTED, TEAM, "no", NOW)
    if stage is MakerStage.WITHDRAWN:
        app.withdraw(app.person_id, NOW)
    with pytest.raises(IllegalTransition):
        app.place(NOW)
    assert app.stage is stage
