"""The Lokalprojekt and its lifecycle.

draft → submitted → published → staffed → running → completed.

`cancelled` is reachable from every state before `completed`. The team is not chosen here:
matching confirms placements, and the project follows (filling and reopening seats).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import Conflict, IllegalTransition, InvalidInput
from lokal_projects.domain.details import ProjectDetails


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    STAFFED = "staffed"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = ProjectStatus
# which command each state allows (seats are filled by matching's confirmations)
ALLOWED: dict[str, frozenset[ProjectStatus]] = {
    "edit": frozenset({S.DRAFT, S.SUBMITTED, S.PUBLISHED}),
    "submit": frozenset({S.DRAFT}),
    "publish": frozenset({S.SUBMITTED}),
    "start": frozenset({S.STAFFED}),
    "complete": frozenset({S.RUNNING}),
    "cancel": frozenset({S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.STAFFED, S.RUNNING}),
    "fill a seat of": frozenset({S.PUBLISHED, S.STAFFED, S.RUNNING}),
}
# states in which matching knows the project (it learnt of it by `published`)
ANNOUNCED = frozenset({S.PUBLISHED, S.STAFFED, S.RUNNING})


@dataclass
class TeamMember:
    """A maker on a seat, as matching's confirmed placement put them there."""

    placement_id: UUID
    seat_index: int
    person_id: UUID | None
    """None once the person's data was erased; the seat's history stays."""
    starts_on: date
    ends_on: date
    ended_on: date | None = None
    outcome: str | None = None

    @property
    def active(self) -> bool:
        return self.ended_on is None


@dataclass
class Project:
    id: UUID
    municipality_id: UUID
    details: ProjectDetails
    created_at: datetime
    updated_at: datetime
    status: ProjectStatus = ProjectStatus.DRAFT
    members: list[TeamMember] = field(default_factory=list)
    published_at: datetime | None = None
    started_on: date | None = None
    completed_on: date | None = None
    cancelled_at: datetime | None = None
    version: int = 1

    @classmethod
    def draft(
        cls, *, id: UUID, municipality_id: UUID, details: ProjectDetails, now: datetime
    ) -> Project:
        return cls(
            id=id, municipality_id=municipality_id, details=details, created_at=now, updated_at=now
        )

    @property
    def is_public(self) -> bool:
        """Published once, it stays visible to everyone (also when staffed, running, over)."""
        return self.published_at is not None

    @property
    def active_members(self) -> list[TeamMember]:
        return [m for m in self.members if m.active]

    @property
    def filled_seats(self) -> set[int]:
        return {m.seat_index for m in self.active_members}

    @property
    def is_full(self) -> bool:
        return len(self.filled_seats) >= self.details.team_size

    def edit(self, details: ProjectDetails, now: datetime) -> bool:
        """Replace the description; True when that filled the last open seat (→ staffed)."""
        self._require("edit")
        beyond = sorted(i for i in self.filled_seats if i >= details.team_size)
        if beyond:
            raise Conflict(
                f"seat {beyond[0]} is filled; the project needs at least {beyond[-1] + 1} seats",
                field="seats",
            )
        self.details = details
        self._changed(now)
        if self.status is S.PUBLISHED and self.is_full:
            self.status = S.STAFFED
            return True
        return False

    def submit(self, now: datetime) -> None:
        self._require("submit")
        if not self.details.requirements:
            raise IllegalTransition(
                "project", self.status.value, "submit", "name at least one required competence"
            )
        self.status = S.SUBMITTED
        self._changed(now)

    def publish(self, *, municipality_accepted: bool, now: datetime) -> None:
        self._require("publish")
        if not municipality_accepted:
            raise IllegalTransition(
                "project",
                self.status.value,
                "publish",
                "the municipality has no accepted application to the programme",
            )
        self.status = S.PUBLISHED
        self.published_at = now
        self._changed(now)

    def start(self, started_on: date, now: datetime) -> None:
        self._require("start")
        self.status = S.RUNNING
        self.started_on = started_on
        self._changed(now)

    def complete(self, completed_on: date, now: datetime) -> None:
        self._require("complete")
        if self.started_on is not None and completed_on < self.started_on:
            raise InvalidInput(
                f"a project cannot end before it started ({self.started_on})", field="completedOn"
            )
        self.status = S.COMPLETED
        self.completed_on = completed_on
        self._changed(now)

    def cancel(self, now: datetime) -> None:
        self._require("cancel")
        self.status = S.CANCELLED
        self.cancelled_at = now
        self._changed(now)

    def fill_seat(self, member: TeamMember, now: datetime) -> bool:
        """Put a confirmed maker on their seat; True when that made the project staffed."""
        if any(m.placement_id == member.placement_id for m in self.members):
            return False  # this placement is on the team already
        self._require("fill a seat of")
        if member.seat_index >= self.details.team_size:
            raise Conflict(
                f"the project has {self.details.team_size} seats, there is no seat "
                f"{member.seat_index}"
            )
        if member.seat_index in self.filled_seats:
            raise Conflict(f"seat {member.seat_index} is taken by another placement")
        self.members.append(member)
        self._changed(now)
        if self.status is S.PUBLISHED and self.is_full:
            self.status = S.STAFFED
            return True
        return False

    def end_membership(
        self, placement_id: UUID, *, ended_on: date, outcome: str, now: datetime
    ) -> bool:
        """A placement ended; True when that reopened a seat of a staffed project (→ published)."""
        member = next((m for m in self.members if m.placement_id == placement_id), None)
        if member is None or not member.active:
            return False
        member.ended_on = ended_on
        member.outcome = outcome
        self._changed(now)
        if self.status is S.STAFFED:
            # the team was complete but never ran: the seat is open again
            self.status = S.PUBLISHED
            return True
        return False

    def forget(self, person_id: UUID, now: datetime) -> bool:
        """Erasure: drop the person as Projektpat*in and from the team; the project stays."""
        changed = False
        if self.details.mentor_id == person_id:
            self.details = replace(self.details, mentor_id=None)
            changed = True
        for member in self.members:
            if member.person_id == person_id:
                member.person_id = None
                changed = True
        if changed:
            self._changed(now)
        return changed

    def _require(self, command: str) -> None:
        if self.status not in ALLOWED[command]:
            raise IllegalTransition("project", self.status.value, command)

    def _changed(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now
