"""Curriculum templates and how a template becomes a cohort's real dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from lokal_kit.errors import InvalidInput
from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE, SessionFormat, SessionKind

MAX_CAPACITY = 500
MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 12 * 60
# Sessions keep to the day; this also keeps them clear of the 02:00-03:00 DST switch.
EARLIEST_START = time(6, 0)
LATEST_END = time(22, 0)
MAX_OFFSET_DAYS = 2 * 366

GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def require_title(title: str, field_name: str = "title") -> str:
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(f"a title needs 1 to {MAX_TITLE} characters", field=field_name)
    return title


def require_description(description: str, field_name: str = "description") -> str:
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"a description has at most {MAX_DESCRIPTION} characters", field=field_name
        )
    return description.strip()


def require_capacity(capacity: int, field_name: str = "capacity") -> int:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(
            f"capacity must be between 1 and {MAX_CAPACITY}", field=field_name, value=capacity
        )
    return capacity


def require_duration(minutes: int, field_name: str = "durationMinutes") -> int:
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise InvalidInput(
            f"a session lasts {MIN_DURATION_MINUTES} to {MAX_DURATION_MINUTES} minutes",
            field=field_name,
            value=minutes,
        )
    return minutes


@dataclass(frozen=True)
class CurriculumItem:
    """One entry of the standard plan, relative to a cohort's first day.

    An item with `occurrences` > 1 repeats every `repeat_every_days` (coaching every
    four weeks, say).
    """

    kind: SessionKind
    title: str
    description: str
    offset_days: int
    start_time: time
    duration_minutes: int
    format: SessionFormat
    mandatory: bool
    capacity: int
    occurrences: int = 1
    repeat_every_days: int | None = None
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", require_title(self.title))
        object.__setattr__(self, "description", require_description(self.description))
        require_capacity(self.capacity)
        require_duration(self.duration_minutes)
        if not 0 <= self.offset_days <= MAX_OFFSET_DAYS:
            raise InvalidInput(
                f"offsetDays must be between 0 and {MAX_OFFSET_DAYS}", field="offsetDays"
            )
        if self.start_time.tzinfo is not None:
            raise InvalidInput(
                "startTime is local wall-clock time, without offset", field="startTime"
            )
        start = datetime.combine(date(2000, 1, 1), self.start_time)
        end = start + timedelta(minutes=self.duration_minutes)
        if self.start_time < EARLIEST_START or end > datetime.combine(start.date(), LATEST_END):
            raise InvalidInput(
                f"sessions run between {EARLIEST_START:%H:%M} and {LATEST_END:%H:%M} local time",
                field="startTime",
            )
        if not 1 <= self.occurrences <= 52:
            raise InvalidInput("occurrences must be between 1 and 52", field="occurrences")
        if self.occurrences > 1 and not (self.repeat_every_days or 0) >= 1:
            raise InvalidInput(
                "a repeated item needs repeatEveryDays of at least 1", field="repeatEveryDays"
            )


@dataclass(frozen=True)
class CurriculumTemplate:
    id: UUID
    name: str
    description: str
    items: tuple[CurriculumItem, ...]
    is_current: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", require_title(self.name, "name"))
        object.__setattr__(self, "description", require_description(self.description))
        if not self.items:
            raise InvalidInput("a curriculum template needs at least one item", field="items")


@dataclass(frozen=True)
class PlannedSession:
    item_id: UUID
    kind: SessionKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    format: SessionFormat
    mandatory: bool
    capacity: int


def schedule(
    items: tuple[CurriculumItem, ...] | list[CurriculumItem],
    starts_on: date,
    zone: ZoneInfo = PROGRAMME_TIME_ZONE,
) -> list[PlannedSession]:
    """The real dates of a template for a cohort starting on `starts_on`, in UTC.

    Each session keeps its local wall-clock time whatever the UTC offset of its
    day: a 10:00 workshop stays at 10:00 after the clocks go back.
    """
    planned = []
    for item in items:
        for occurrence in range(item.occurrences):
            day = starts_on + timedelta(
                days=item.offset_days + occurrence * (item.repeat_every_days or 0)
            )
            local_start = datetime.combine(day, item.start_time, tzinfo=zone)
            local_end = local_start + timedelta(minutes=item.duration_minutes)
            title = item.title
            if item.occurrences > 1:
                title = f"{item.title} ({occurrence + 1}/{item.occurrences})"
            planned.append(
                PlannedSession(
                    item_id=item.id,
                    kind=item.kind,
                    title=title,
                    description=item.description,
                    starts_at=local_start.astimezone(UTC),
                    ends_at=local_end.astimezone(UTC),
                    format=item.format,
                    mandatory=item.mandatory,
                    capacity=item.capacity,
                )
            )
    return sorted(planned, key=lambda p: (p.starts_at, p.title))


def cohort_period(day: date) -> str:
    """Everyone who starts in the same month forms one cohort."""
    return f"{day.year:04d}-{day.month:02d}"


def default_cohort_title(starts_on: date) -> str:
    return f"Kohorte {GERMAN_MONTHS[starts_on.month - 1]} {starts_on.year}"
