"""Seats and the waitlist; the lifecycle rules of a session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_learning.domain.kinds import (
    ParticipationStatus,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from lokal_learning.domain.sessions import Participation, Session, promote, seat_for

ENROLLED, WAITLISTED = ParticipationStatus.ENROLLED, ParticipationStatus.WAITLISTED
NOW = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)


def seat(position: int, status: ParticipationStatus) -> Participation:
    return Participation(session_id=uuid4(), person_id=uuid4(), status=status, position=position)


def session(**overrides: object) -> Session:
    values: dict[str, object] = {
        "kind": SessionKind.WORKSHOP,
        "title": "Agile Methoden",
        "starts_at": NOW + timedelta(days=3),
        "ends_at": NOW + timedelta(days=3, hours=3),
        "format": SessionFormat.ON_SITE,
        "capacity": 2,
        "mandatory": False,
    }
    values.update(overrides)
    return Session(**values)  # type: ignore[arg-type]


def test_seats_until_full_then_the_waitlist() -> None:
    assert [seat_for(n, 2) for n in range(4)] == [ENROLLED, ENROLLED, WAITLISTED, WAITLISTED]


def test_the_first_on_the_waitlist_moves_up_into_a_freed_seat() -> None:
    seats = [seat(1, ENROLLED), seat(3, WAITLISTED), seat(2, WAITLISTED), seat(4, WAITLISTED)]
    # someone with a seat cancelled: one seat of two is taken
    promoted = promote(2, seats)
    assert [p.position for p in promoted] == [2]
    assert [s.status for s in seats] == [ENROLLED, WAITLISTED, ENROLLED, WAITLISTED]


def test_a_larger_capacity_promotes_several_and_a_full_session_nobody() -> None:
    seats = [seat(1, ENROLLED), seat(2, WAITLISTED), seat(3, WAITLISTED), seat(4, WAITLISTED)]
    assert [p.position for p in promote(3, seats)] == [2, 3]
    assert promote(3, seats) == []


def test_moving_changes_the_time_and_bumps_sequence_and_version() -> None:
    workshop = session()
    new_start = NOW + timedelta(days=10)
    workshop.move(new_start, None, NOW)
    assert (workshop.starts_at, workshop.ends_at) == (new_start, new_start + timedelta(hours=3))
    assert (workshop.status, workshop.sequence, workshop.version) == (SessionStatus.MOVED, 1, 2)


def test_a_session_cannot_move_into_the_past_or_after_it_began() -> None:
    workshop = session()
    with pytest.raises(InvalidInput) as raised:
        workshop.move(NOW - timedelta(hours=1), None, NOW)
    assert raised.value.details["field"] == "startsAt"
    with pytest.raises(IllegalTransition):
        workshop.move(NOW + timedelta(days=30), None, NOW + timedelta(days=3, minutes=1))
    assert workshop.sequence == 0


def test_a_cancelled_session_stays_cancelled() -> None:
    workshop = session()
    workshop.cancel(NOW)
    assert (workshop.status, workshop.sequence) == (SessionStatus.CANCELLED, 1)
    with pytest.raises(IllegalTransition):
        workshop.move(NOW + timedelta(days=5), None, NOW)
    with pytest.raises(IllegalTransition):
        workshop.require_open_for_enrolment(NOW)


def test_capacity_cannot_drop_below_those_enrolled() -> None:
    workshop = session(capacity=5)
    with pytest.raises(InvalidInput) as raised:
        workshop.change_details(now=NOW, capacity=2, enrolled=3)
    assert raised.value.details["field"] == "capacity"
    assert workshop.capacity == 5
    with pytest.raises(InvalidInput):
        workshop.change_details(now=NOW, capacity=0)
    workshop.change_details(now=NOW, capacity=3, enrolled=3)
    assert workshop.capacity == 3


def test_online_links_must_be_https() -> None:
    with pytest.raises(InvalidInput) as raised:
        session(online_url="http://example.org/meet")
    assert raised.value.details["field"] == "onlineUrl"
