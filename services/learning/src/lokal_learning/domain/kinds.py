"""The programme's vocabulary: kinds, formats and states, and the time zone it runs in."""

from __future__ import annotations

from enum import StrEnum
from zoneinfo import ZoneInfo

# Sessions are planned in German wall-clock time; storage is UTC.
PROGRAMME_TIME_ZONE = ZoneInfo("Europe/Berlin")


class SessionKind(StrEnum):
    ONBOARDING = "onboarding"
    COACHING = "coaching"
    NETWORKING = "networking"
    WORKSHOP = "workshop"


class SessionFormat(StrEnum):
    ON_SITE = "on_site"
    ONLINE = "online"
    HYBRID = "hybrid"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"


class ParticipationStatus(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"


class AttendanceStatus(StrEnum):
    ATTENDED = "attended"
    EXCUSED = "excused"
    ABSENT = "absent"


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
