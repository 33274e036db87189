"""Sessions: their schedule, their lifecycle, and who gets a seat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_learning.domain.curriculum import (
    require_capacity,
    require_description,
    require_duration,
    require_title,
)
from lokal_learning.domain.kinds import (
    ParticipationStatus,
    SessionFormat,
    SessionKind,
    SessionStatus,
)

MAX_LOCATION = 300
MAX_URL = 500


def require_future_start(starts_at: datetime, now: datetime) -> datetime:
    if starts_at.tzinfo is None:
        raise InvalidInput("startsAt needs a UTC offset", field="startsAt")
    if starts_at <= now:
        raise InvalidInput("a session cannot be scheduled in the past", field="startsAt")
    return starts_at


def require_place(location: str | None, online_url: str | None) -> tuple[str | None, str | None]:
    location = (location or "").strip() or None
    online_url = (online_url or "").strip() or None
    if location is not None and len(location) > MAX_LOCATION:
        raise InvalidInput(f"a location has at most {MAX_LOCATION} characters", field="location")
    if online_url is not None and (
        len(online_url) > MAX_URL or not online_url.startswith("https://")
    ):
        raise InvalidInput(
            f"an online link is an https:// URL of at most {MAX_URL} characters",
            field="onlineUrl",
        )
    return location, online_url


@dataclass
class Session:
    kind: SessionKind
    title: str
    starts_at: datetime
    ends_at: datetime
    format: SessionFormat
    capacity: int
    mandatory: bool
    cohort_id: UUID | None = None
    description: str = ""
    location: str | None = None
    online_url: str | None = None
    facilitator_id: UUID | None = None
    one_to_one: bool = False
    template_item_id: UUID | None = None
    status: SessionStatus = SessionStatus.SCHEDULED
    sequence: int = 0
    version: int = 1
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.starts_at, self.ends_at = _utc(self.starts_at), _utc(self.ends_at)
        self.title = require_title(self.title)
        self.description = require_description(self.description)
        require_capacity(self.capacity)
        require_duration(self.duration_minutes)
        self.location, self.online_url = require_place(self.location, self.online_url)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED

    def has_begun(self, now: datetime) -> bool:
        return self.starts_at <= now

    def move(self, starts_at: datetime, duration_minutes: int | None, now: datetime) -> None:
        self._require_changeable("move", now)
        require_future_start(starts_at, now)
        minutes = require_duration(duration_minutes or self.duration_minutes)
        self.starts_at = _utc(starts_at)
        self.ends_at = self.starts_at + timedelta(minutes=minutes)
        self.status = SessionStatus.MOVED
        self._changed()

    def cancel(self, now: datetime) -> None:
        self._require_changeable("cancel", now)
        self.status = SessionStatus.CANCELLED
        self._changed()

    def change_details(
        self,
        *,
        now: datetime,
        title: str | None = None,
        description: str | None = None,
        location: str | None = None,
        online_url: str | None = None,
        facilitator_id: UUID | None = None,
        capacity: int | None = None,
        enrolled: int = 0,
    ) -> None:
        """Change what calendar entries show; `enrolled` guards a smaller capacity."""
        self._require_changeable("change", now)
        if title is not None:
            self.title = require_title(title)
        if description is not None:
            self.description = require_description(description)
        if location is not None or online_url is not None:
            self.location, self.online_url = require_place(
                self.location if location is None else location,
                self.online_url if online_url is None else online_url,
            )
        if facilitator_id is not None:
            self.facilitator_id = facilitator_id
        if capacity is not None:
            require_capacity(capacity)
            if capacity < enrolled:
                raise InvalidInput(
                    f"{enrolled} people are enrolled; capacity cannot go below that",
                    field="capacity",
                    enrolled=enrolled,
                )
            self.capacity = capacity
        self._changed()

    def require_open_for_enrolment(self, now: datetime) -> None:
        self._require_changeable("enrol in", now)

    def _require_changeable(self, command: str, now: datetime) -> None:
        if self.is_cancelled:
            raise IllegalTransition("session", self.status.value, command)
        if self.has_begun(now):
            raise IllegalTransition("session", "past", command, "it has already begun")

    def _changed(self) -> None:
        # SEQUENCE tells calendar apps that this entry supersedes what they hold.
        self.sequence += 1
        self.version += 1


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise InvalidInput("times need a UTC offset", field="startsAt")
    return instant.astimezone(UTC)


@dataclass
class Participation:
    session_id: UUID
    person_id: UUID
    status: ParticipationStatus
    position: int
    id: UUID = field(default_factory=uuid4)


def seat_for(enrolled: int, capacity: int) -> ParticipationStatus:
    """A free seat if there is one, else the end of the waitlist."""
    return ParticipationStatus.ENROLLED if enrolled < capacity else ParticipationStatus.WAITLISTED


def promote(capacity: int, participations: Sequence[Participation]) -> list[Participation]:
    """Move the first on the waitlist up into every free seat; returns those promoted."""
    enrolled = sum(1 for p in participations if p.status is ParticipationStatus.ENROLLED)
    waiting = sorted(
        (p for p in participations if p.status is ParticipationStatus.WAITLISTED),
        key=lambda p: p.position,
    )
    promoted = waiting[: max(0, capacity - enrolled)]
    for participation in promoted:
        participation.status = ParticipationStatus.ENROLLED
    return promoted
