"""Progress: mandatory sessions attended against those due so far."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from lokal_learning.domain.kinds import AttendanceStatus
from lokal_learning.domain.progress import MandatorySeat, progress

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def seat(
    days_ago: float, attendance: AttendanceStatus | None = None, *, cancelled: bool = False
) -> MandatorySeat:
    return MandatorySeat(
        session_id=uuid4(),
        ends_at=NOW - timedelta(days=days_ago),
        cancelled=cancelled,
        attendance=attendance,
    )


def test_only_sessions_that_are_over_are_due() -> None:
    seats = [
        seat(30, AttendanceStatus.ATTENDED),
        seat(20, AttendanceStatus.EXCUSED),
        seat(10, AttendanceStatus.ABSENT),
        seat(5),  # nobody recorded anything: counts as missed
        seat(-1),  # tomorrow
        seat(-30),
    ]
    figures = progress(seats, NOW)
    assert (figures.attended, figures.excused, figures.missed, figures.due, figures.total) == (
        1,
        1,
        2,
        4,
        6,
    )
    assert figures.upcoming == 2
    assert figures.attendance_rate == 1 / 3


def test_cancelled_sessions_never_count() -> None:
    figures = progress(
        [seat(3, cancelled=True), seat(-3, cancelled=True), seat(2, AttendanceStatus.ATTENDED)], NOW
    )
    assert (figures.due, figures.total, figures.attended) == (1, 1, 1)
    assert figures.attendance_rate == 1.0


def test_a_session_ending_right_now_is_due() -> None:
    assert progress([seat(0)], NOW).due == 1


def test_nothing_due_yet_has_no_rate() -> None:
    figures = progress([seat(-7)], NOW)
    assert (figures.due, figures.total, figures.attendance_rate) == (0, 1, None)
    assert progress([seat(7, AttendanceStatus.EXCUSED)], NOW).attendance_rate is None
