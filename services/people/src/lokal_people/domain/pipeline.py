"""A maker's way into the programme: application, screening, interview, selection, placement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import IllegalTransition, InvalidInput

MAX_NOTE, MAX_REASON = 1000, 2000


class MakerStage(StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEW = "interview"
    SELECTED = "selected"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PLACED = "placed"
    ALUMNI = "alumni"


OPEN = frozenset({MakerStage.APPLIED, MakerStage.SCREENING, MakerStage.INTERVIEW})
# Stages in which a maker is known to matching: their profile changes are announced.
IN_POOL = frozenset({MakerStage.SELECTED, MakerStage.PLACED, MakerStage.ALUMNI})

_ALLOWED: dict[MakerStage, frozenset[MakerStage]] = {
    MakerStage.APPLIED: frozenset(
        {MakerStage.SCREENING, MakerStage.REJECTED, MakerStage.WITHDRAWN}
    ),
    MakerStage.SCREENING: frozenset(
        {MakerStage.INTERVIEW, MakerStage.REJECTED, MakerStage.WITHDRAWN}
    ),
    MakerStage.INTERVIEW: frozenset(
        {MakerStage.SELECTED, MakerStage.REJECTED, MakerStage.WITHDRAWN}
    ),
    MakerStage.SELECTED: frozenset({MakerStage.PLACED, MakerStage.WITHDRAWN}),
    MakerStage.PLACED: frozenset({MakerStage.ALUMNI}),
    MakerStage.REJECTED: frozenset(),
    MakerStage.WITHDRAWN: frozenset(),
    MakerStage.ALUMNI: frozenset(),
}


class Criterion(StrEnum):
    METHODICAL = "methodical"
    SOCIAL = "social"
    PERSONAL = "personal"
    MOTIVATION = "motivation"
    DOMAIN_FIT = "domain_fit"


class Outcome(StrEnum):
    SELECTED = "selected"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Rating:
    criterion: Criterion
    score: int
    note: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.score <= 4:
            raise InvalidInput(
                f"a score is 1 to 4, not {self.score}", field=f"ratings.{self.criterion.value}"
            )
        if len(self.note) > MAX_NOTE:
            raise InvalidInput(f"a note has at most {MAX_NOTE} characters", field="note")


@dataclass(frozen=True)
class Scorecard:
    """One interviewer's assessment: every criterion scored once."""

    id: UUID
    interviewer_id: UUID | None
    recorded_at: datetime
    ratings: tuple[Rating, ...]

    def __post_init__(self) -> None:
        given = [r.criterion for r in self.ratings]
        if sorted(given) != sorted(Criterion):
            expected = ", ".join(c.value for c in Criterion)
            raise InvalidInput(f"score each criterion exactly once: {expected}", field="ratings")

    @property
    def total(self) -> int:
        return sum(r.score for r in self.ratings)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    decided_by: UUID | None
    reason: str
    decided_at: datetime


@dataclass(frozen=True)
class StageChange:
    stage: MakerStage
    at: datetime
    by: UUID | None


@dataclass
class MakerApplication:
    id: UUID
    person_id: UUID
    submitted_at: datetime
    stage: MakerStage = MakerStage.APPLIED
    history: list[StageChange] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    decision: Decision | None = None
    version: int = 1

    @classmethod
    def submit(cls, id: UUID, person_id: UUID, at: datetime) -> MakerApplication:
        return cls(id, person_id, at, history=[StageChange(MakerStage.APPLIED, at, person_id)])

    def start_screening(self, by: UUID, at: datetime) -> None:
        self._move(MakerStage.SCREENING, "start screening", by, at)

    def invite_to_interview(self, by: UUID, at: datetime) -> None:
        self._move(MakerStage.INTERVIEW, "invite to interview", by, at)

    def record_scorecard(self, scorecard: Scorecard) -> None:
        if self.stage is not MakerStage.INTERVIEW:
            raise IllegalTransition("maker application", self.stage.value, "score")
        self.scorecards = [
            s for s in self.scorecards if s.interviewer_id != scorecard.interviewer_id
        ] + [scorecard]
        self.version += 1

    def decide(self, outcome: Outcome, by: UUID, reason: str, at: datetime) -> None:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidInput(f"give a reason (1 to {MAX_REASON} characters)", field="reason")
        command = "select" if outcome is Outcome.SELECTED else "reject"
        if (
            outcome is Outcome.SELECTED
            and self.stage is MakerStage.INTERVIEW
            and not self.scorecards
        ):
            raise IllegalTransition(
                "maker application", self.stage.value, command, "no interview scorecard yet"
            )
        self._move(MakerStage(outcome.value), command, by, at)
        self.decision = Decision(outcome, by, reason, at)

    def withdraw(self, by: UUID, at: datetime) -> None:
        self._move(MakerStage.WITHDRAWN, "withdraw", by, at)

    def place(self, at: datetime) -> bool:
        """Placed by a confirmed placement; False when that was already known."""
        return self._follow(MakerStage.PLACED, "place", at)

    def finish_placement(self, at: datetime) -> bool:
        """Alumni after a placement; one heard of only when it ended was a placement too."""
        if self.stage is MakerStage.SELECTED:
            self._move(MakerStage.PLACED, "place", None, at)
        return self._follow(MakerStage.ALUMNI, "make alumni", at)

    def _follow(self, stage: MakerStage, command: str, at: datetime) -> bool:
        if self.stage is stage:
            return False
        self._move(stage, command, None, at)
        return True

    def _move(self, stage: MakerStage, command: str, by: UUID | None, at: datetime) -> None:
        if stage not in _ALLOWED[self.stage]:
            raise IllegalTransition("maker application", self.stage.value, command)
        self.stage = stage
        self.history.append(StageChange(stage, at, by))
        self.version += 1
