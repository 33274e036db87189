"""A Kommune's application to take part in a round of the programme (the pilot phase first)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_projects.domain.values import required_text

_ROUND = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
PILOT = "PILOT"


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW})
# an application in one of these keeps the Kommune from applying to the same round again
BLOCKING = OPEN | {ApplicationStatus.ACCEPTED}


def programme_round(value: str) -> str:
    """A round is named in capitals, e.g. PILOT or ROUND_2027."""
    if not _ROUND.match(value):
        raise InvalidInput(
            "a programme round is 2–40 capitals, digits or underscores, e.g. PILOT",
            field="round",
        )
    return value


@dataclass
class MunicipalityApplication:
    id: UUID
    municipality_id: UUID
    round: str
    motivation: str
    problem: str
    mentor_id: UUID | None
    submitted_at: datetime
    status: ApplicationStatus = ApplicationStatus.SUBMITTED
    decision_reason: str | None = None
    decided_at: datetime | None = None
    version: int = 1

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        municipality_id: UUID,
        round: str,
        motivation: str,
        problem: str,
        mentor_id: UUID | None,
        now: datetime,
    ) -> MunicipalityApplication:
        return cls(
            id=id,
            municipality_id=municipality_id,
            round=programme_round(round),
            motivation=required_text(motivation, field="motivation", max_length=5000),
            problem=required_text(problem, field="problem", max_length=5000),
            mentor_id=mentor_id,
            submitted_at=now,
        )

    def start_review(self) -> None:
        self._require("review", {ApplicationStatus.SUBMITTED})
        self.status = ApplicationStatus.IN_REVIEW
        self.version += 1

    def decide(self, *, accept: bool, reason: str, now: datetime) -> None:
        self._require("decide", {ApplicationStatus.IN_REVIEW}, "review it first")
        self.decision_reason = required_text(reason, field="reason", max_length=5000)
        self.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED
        self.decided_at = now
        self.version += 1

    def withdraw(self, now: datetime) -> None:
        self._require("withdraw", OPEN)
        self.status = ApplicationStatus.WITHDRAWN
        self.decided_at = now
        self.version += 1

    def forget(self, person_id: UUID) -> bool:
        """Erasure: drop the person as the named Projektpat*in."""
        if self.mentor_id != person_id:
            return False
        self.mentor_id = None
        self.version += 1
        return True

    def _require(
        self,
        command: str,
        allowed: set[ApplicationStatus] | frozenset[ApplicationStatus],
        reason: str = "",
    ) -> None:
        if self.status not in allowed:
            raise IllegalTransition("municipality application", self.status.value, command, reason)
