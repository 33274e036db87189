"""The placement lifecycle and its illegal transitions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_matching.domain.placement import Placement, PlacementOutcome, PlacementState

NOW = datetime(2026, 1, 10, tzinfo=UTC)


def placement() -> Placement:
    return Placement(
        id=uuid4(),
        project_id=uuid4(),
        municipality_id=uuid4(),
        person_id=uuid4(),
        seat_index=0,
        pay_group="E11",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        step=2,
        created_at=NOW,
    )


def confirmed() -> Placement:
    p = placement()
    p.accept(NOW)
    p.confirm(NOW, municipality_by=uuid4(), programme_by=None)
    p.confirm(NOW, municipality_by=None, programme_by=uuid4())
    return p


def test_the_happy_path_counts_versions() -> None:
    p = placement()
    p.accept(NOW)
    assert not p.confirm(NOW, municipality_by=uuid4(), programme_by=None)
    assert p.state is PlacementState.ACCEPTED
    assert p.confirm(NOW, municipality_by=None, programme_by=uuid4())
    assert p.state is PlacementState.CONFIRMED
    p.activate(date(2026, 3, 1))
    p.end(PlacementOutcome.COMPLETED, date(2026, 8, 31), None)
    assert p.state is PlacementState.ENDED
    assert p.version == 6


def test_one_person_of_both_sides_confirms_at_once() -> None:
    p = placement()
    p.accept(NOW)
    both = uuid4()
    assert p.confirm(NOW, municipality_by=both, programme_by=both)


def test_confirming_before_the_maker_accepted_is_illegal() -> None:
    with pytest.raises(IllegalTransition) as raised:
        placement().confirm(NOW, municipality_by=uuid4(), programme_by=None)
    assert raised.value.extensions()["state"] == "proposed"


def test_an_agreed_placement_cannot_be_reopened() -> None:
    p = confirmed()
    with pytest.raises(IllegalTransition):
        p.accept(NOW)
    with pytest.raises(IllegalTransition):
        p.decline(None)
    with pytest.raises(IllegalTransition):
        p.withdraw("changed plans")


def test_activation_waits_for_the_start() -> None:
    p = confirmed()
    with pytest.raises(IllegalTransition):
        p.activate(date(2026, 2, 28))


def test_ending_early_needs_a_reason_and_completing_needs_the_last_day() -> None:
    p = confirmed()
    p.activate(date(2026, 3, 2))
    with pytest.raises(InvalidInput):
        p.end(PlacementOutcome.TERMINATED_EARLY, date(2026, 5, 1), "  ")
    with pytest.raises(InvalidInput):
        p.end(PlacementOutcome.COMPLETED, date(2026, 5, 1), None)
    p.end(PlacementOutcome.TERMINATED_EARLY, date(2026, 5, 1), "moved away")
    assert p.outcome is PlacementOutcome.TERMINATED_EARLY


def test_a_step_override_needs_a_reason_and_a_step_in_range() -> None:
    p = placement()
    with pytest.raises(InvalidInput):
        p.override_step(7, "too high")
    with pytest.raises(InvalidInput):
        p.override_step(4, "")
    p.override_step(4, "eight years as head of IT in a Landratsamt")
    assert p.step == 4


def test_lapsing_withdraws_open_and_ends_agreed_placements() -> None:
    open_one, agreed = placement(), confirmed()
    assert not open_one.lapse(date(2026, 2, 1), "project cancelled")
    assert open_one.state is PlacementState.WITHDRAWN
    assert agreed.lapse(date(2026, 2, 1), "project cancelled")
    assert agreed.state is PlacementState.ENDED
    assert agreed.outcome is PlacementOutcome.TERMINATED_EARLY


def test_forgetting_the_person_drops_the_link_and_free_text() -> None:
    p = placement()
    p.override_step(3, "about this person")
    p.forget_person()
    assert p.person_id is None
    assert p.step_override_reason is None
