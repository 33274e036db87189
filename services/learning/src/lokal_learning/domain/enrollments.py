"""A maker's enrolment in a cohort: from the confirmed placement to its end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_learning.domain.kinds import EnrollmentStatus


@dataclass
class Enrollment:
    cohort_id: UUID
    person_id: UUID
    enrolled_at: datetime
    placement_id: UUID | None = None
    mentor_id: UUID | None = None
    coach_id: UUID | None = None
    status: EnrollmentStatus = EnrollmentStatus.ACTIVE
    closed_on: date | None = None
    version: int = 1
    id: UUID = field(default_factory=uuid4)

    @property
    def is_active(self) -> bool:
        return self.status is EnrollmentStatus.ACTIVE

    def close(self, *, completed: bool, on: date) -> None:
        """The placement ended: on time completes the programme, early does not."""
        self._require_active("close")
        self.status = EnrollmentStatus.COMPLETED if completed else EnrollmentStatus.NOT_COMPLETED
        self.closed_on = on
        self.version += 1

    def assign_coach(self, coach_id: UUID) -> None:
        self._require_active("assign a coach to")
        if coach_id == self.person_id:
            raise InvalidInput("a maker cannot coach themself", field="coachId")
        self.coach_id = coach_id
        self.version += 1

    def assign_mentor(self, mentor_id: UUID | None) -> None:
        self.mentor_id = mentor_id
        self.version += 1

    def forget(self, person_id: UUID) -> bool:
        """Drop an erased person from the coach and mentor roles; True when that changed it."""
        if person_id not in (self.coach_id, self.mentor_id):
            return False
        self.coach_id = None if self.coach_id == person_id else self.coach_id
        self.mentor_id = None if self.mentor_id == person_id else self.mentor_id
        self.version += 1
        return True

    def _require_active(self, command: str) -> None:
        if not self.is_active:
            raise IllegalTransition("enrollment", self.status.value, command)


@dataclass(frozen=True)
class Completion:
    """What is kept when a placement ends: the outcome and the attendance it had."""

    enrollment_id: UUID
    person_id: UUID
    cohort_id: UUID
    completed: bool
    ended_on: date
    mandatory_attended: int
    mandatory_due: int
