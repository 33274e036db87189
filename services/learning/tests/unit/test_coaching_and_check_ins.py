"""Which coach a new maker gets; what a check-in must hold; enrolment lifecycle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_learning.domain.checkins import CheckIn
from lokal_learning.domain.coaching import CoachLoad, choose_coach
from lokal_learning.domain.enrollments import Enrollment
from lokal_learning.domain.kinds import EnrollmentStatus

A = UUID("00000000-0000-0000-0000-00000000000a")
B = UUID("00000000-0000-0000-0000-00000000000b")
C = UUID("00000000-0000-0000-0000-00000000000c")


def test_the_free_coach_with_fewest_makers_is_chosen() -> None:
    loads = [CoachLoad(A, 3, 2), CoachLoad(B, 5, 1), CoachLoad(C, 1, 1)]
    assert choose_coach(loads) == B


def test_ties_go_by_id_and_full_coaches_are_skipped() -> None:
    assert choose_coach([CoachLoad(B, 3, 1), CoachLoad(A, 3, 1)]) == A
    assert choose_coach([CoachLoad(A, 1, 1), CoachLoad(B, 2, 2)]) is None
    assert choose_coach([CoachLoad(A, 3, 0)], exclude=A) is None


def test_a_check_in_needs_a_note_and_a_date_that_has_been() -> None:
    created = datetime(2026, 10, 1, 22, 30, tzinfo=UTC)  # already 2 October in Germany
    check_in = CheckIn(
        uuid4(), uuid4(), None, uuid4(), date(2026, 10, 2), "  Gut im Plan. ", created
    )
    assert check_in.note == "Gut im Plan."
    with pytest.raises(InvalidInput) as raised:
        CheckIn(uuid4(), uuid4(), None, uuid4(), date(2026, 10, 3), "Morgen", created)
    assert raised.value.details["field"] == "on"
    with pytest.raises(InvalidInput):
        CheckIn(uuid4(), uuid4(), None, uuid4(), date(2026, 10, 1), " ", created)
    with pytest.raises(InvalidInput):
        CheckIn(uuid4(), uuid4(), None, uuid4(), date(2026, 10, 1), "x" * 2001, created)


def test_an_enrolment_closes_once_as_completed_or_not() -> None:
    now = datetime(2026, 9, 1, tzinfo=UTC)
    on_time = Enrollment(cohort_id=uuid4(), person_id=uuid4(), enrolled_at=now)
    on_time.close(completed=True, on=date(2027, 2, 28))
    assert (on_time.status, on_time.version) == (EnrollmentStatus.COMPLETED, 2)
    with pytest.raises(IllegalTransition):
        on_time.close(completed=False, on=date(2027, 3, 1))

    early = Enrollment(cohort_id=uuid4(), person_id=uuid4(), enrolled_at=now)
    early.close(completed=False, on=date(2026, 11, 30))
    assert early.status is EnrollmentStatus.NOT_COMPLETED
    with pytest.raises(IllegalTransition):
        early.assign_coach(A)


def test_forgetting_a_person_clears_their_roles_only() -> None:
    enrollment = Enrollment(
        cohort_id=uuid4(),
        person_id=uuid4(),
        enrolled_at=datetime(2026, 9, 1, tzinfo=UTC),
        coach_id=A,
        mentor_id=B,
    )
    assert enrollment.forget(A)
    assert (enrollment.coach_id, enrollment.mentor_id) == (None, B)
    assert not enrollment.forget(C)
