"""A placement: one maker on one seat of one project, from proposal to its end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import IllegalTransition, InvalidInput

MAX_STEP = 6
REASON_LENGTH = 500


class PlacementState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    ACTIVE = "active"
    ENDED = "ended"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class PlacementOutcome(StrEnum):
    COMPLETED = "completed"
    TERMINATED_EARLY = "terminated_early"


OPEN = frozenset({PlacementState.PROPOSED, PlacementState.ACCEPTED})
HOLDS_MAKER = frozenset(
    {
        PlacementState.PROPOSED,
        PlacementState.ACCEPTED,
        PlacementState.CONFIRMED,
        PlacementState.ACTIVE,
    }
)
"""States in which the placement keeps its maker from any other in the same period."""
HOLDS_SEAT = frozenset({PlacementState.CONFIRMED, PlacementState.ACTIVE})


def reason_text(reason: str, *, field: str = "reason") -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("give a reason", field=field)
    if len(text) > REASON_LENGTH:
        raise InvalidInput(f"the reason is longer than {REASON_LENGTH} characters", field=field)
    return text


@dataclass
class Placement:
    id: UUID
    project_id: UUID
    municipality_id: UUID
    person_id: UUID | None
    """None once the person's data has been erased."""
    seat_index: int
    pay_group: str
    starts_on: date
    ends_on: date
    step: int
    created_at: datetime
    state: PlacementState = PlacementState.PROPOSED
    step_override_reason: str | None = None
    mentor_id: UUID | None = None
    proposal_id: UUID | None = None
    accepted_at: datetime | None = None
    municipality_confirmed_by: UUID | None = None
    municipality_confirmed_at: datetime | None = None
    programme_confirmed_by: UUID | None = None
    programme_confirmed_at: datetime | None = None
    activated_on: date | None = None
    ended_on: date | None = None
    outcome: PlacementOutcome | None = None
    closing_reason: str | None = None
    """Why it was declined, withdrawn or terminated early."""
    version: int = 1

    def _require(self, command: str, allowed: frozenset[PlacementState], why: str = "") -> None:
        if self.state not in allowed:
            raise IllegalTransition("placement", self.state.value, command, why)

    def _changed(self) -> None:
        self.version += 1

    def accept(self, now: datetime) -> None:
        self._require("accept", frozenset({PlacementState.PROPOSED}))
        self.state = PlacementState.ACCEPTED
        self.accepted_at = now
        self._changed()

    def decline(self, reason: str | None) -> None:
        self._require("decline", OPEN)
        self.state = PlacementState.DECLINED
        self.closing_reason = reason_text(reason) if reason else None
        self._changed()

    def withdraw(self, reason: str) -> None:
        self._require("withdraw", OPEN)
        self.state = PlacementState.WITHDRAWN
        self.closing_reason = reason_text(reason)
        self._changed()

    def confirm(
        self, now: datetime, *, municipality_by: UUID | None, programme_by: UUID | None
    ) -> bool:
        """Record the confirmations given; True when both sides have now confirmed."""
        self._require(
            "confirm",
            frozenset({PlacementState.ACCEPTED}),
            "the maker accepts first, then the municipality and the programme team confirm",
        )
        if municipality_by is not None and self.municipality_confirmed_by is None:
            self.municipality_confirmed_by, self.municipality_confirmed_at = municipality_by, now
        if programme_by is not None and self.programme_confirmed_by is None:
            self.programme_confirmed_by, self.programme_confirmed_at = programme_by, now
        if self.municipality_confirmed_by is not None and self.programme_confirmed_by is not None:
            self.state = PlacementState.CONFIRMED
        self._changed()
        return self.state is PlacementState.CONFIRMED

    def activate(self, today: date) -> None:
        self._require("activate", frozenset({PlacementState.CONFIRMED}))
        if today < self.starts_on:
            raise IllegalTransition(
                "placement", self.state.value, "activate", f"it starts on {self.starts_on}"
            )
        self.state = PlacementState.ACTIVE
        self.activated_on = today
        self._changed()

    def end(self, outcome: PlacementOutcome, ended_on: date, reason: str | None) -> None:
        if outcome is PlacementOutcome.COMPLETED:
            self._require("complete", frozenset({PlacementState.ACTIVE}))
            if ended_on < self.ends_on:
                raise InvalidInput(
                    f"a placement completes on its last day ({self.ends_on}) or later; "
                    "before that it is terminated early",
                    field="endedOn",
                )
            self.closing_reason = None
        else:
            self._require("terminate", HOLDS_SEAT)
            self.closing_reason = reason_text(reason or "")
        self.state = PlacementState.ENDED
        self.ended_on = ended_on
        self.outcome = outcome
        self._changed()

    def override_step(self, step: int, reason: str) -> None:
        self._require("change the step of", HOLDS_MAKER)
        if not 1 <= step <= MAX_STEP:
            raise InvalidInput(f"the step lies between 1 and {MAX_STEP}", field="step")
        self.step_override_reason = reason_text(reason)
        self.step = step
        self._changed()

    def assign_mentor(self, mentor_id: UUID) -> None:
        self._require("assign a mentor to", HOLDS_MAKER)
        self.mentor_id = mentor_id
        self._changed()

    def move_to(self, starts_on: date, ends_on: date, pay_group: str) -> None:
        """The project changed its dates or the seat's pay group before the placement was agreed."""
        self.starts_on, self.ends_on, self.pay_group = starts_on, ends_on, pay_group
        self._changed()

    def lapse(self, today: date, reason: str) -> bool:
        """The project went away: open ones are withdrawn, agreed ones end early.

        True when it ended (others learn of that), False when it was withdrawn or was
        over already.
        """
        if self.state in OPEN:
            self.state = PlacementState.WITHDRAWN
            self.closing_reason = reason
            self._changed()
            return False
        if self.state in HOLDS_SEAT:
            self.state = PlacementState.ENDED
            self.outcome = PlacementOutcome.TERMINATED_EARLY
            self.ended_on = today
            self.closing_reason = reason
            self._changed()
            return True
        return False

    def forget_person(self) -> None:
        """Erasure: drop the link to the person and every free text that may be about them."""
        self.person_id = None
        self.step_override_reason = None
        self.closing_reason = None
        self._changed()
