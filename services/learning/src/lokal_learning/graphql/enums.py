"""The domain's enums registered as GraphQL enums (names are the members, in UPPER_CASE)."""

from __future__ import annotations

import strawberry

from lokal_learning.domain.kinds import (
    AttendanceStatus,
    EnrollmentStatus,
    ParticipationStatus,
    SessionFormat,
    SessionKind,
    SessionStatus,
)

__all__ = [
    "AttendanceStatus",
    "EnrollmentStatus",
    "ParticipationStatus",
    "SessionFormat",
    "SessionKind",
    "SessionStatus",
]

strawberry.enum(SessionKind, description="Onboarding, coaching, networking, workshop.")
strawberry.enum(SessionFormat, description="On site, online or both.")
strawberry.enum(
    SessionStatus,
    description="MOVED: the session has a new date; CANCELLED: it does not take place.",
)
strawberry.enum(
    ParticipationStatus,
    name="SessionParticipationStatus",
    description="A seat in the session, or a place on its waitlist.",
)
strawberry.enum(AttendanceStatus)
strawberry.enum(
    EnrollmentStatus,
    description="ACTIVE while the placement runs; then COMPLETED or NOT_COMPLETED (ended early).",
)
