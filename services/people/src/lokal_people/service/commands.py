"""What callers ask the people service to do, already in domain terms.

`None` in an update leaves the value as it is; an empty string removes an optional one.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from lokal_people.domain.persons import PersonRole
from lokal_people.domain.profile import (
    Availability,
    Background,
    ProfileCompetence,
    RegionWishes,
    Topic,
)


@dataclass(frozen=True)
class PersonDetails:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    work_email: str | None = None
    preferred_language: str | None = None


@dataclass(frozen=True)
class ProfileChange:
    competences: tuple[ProfileCompetence, ...] | None = None
    background: Background | None = None
    experience_years: int | None = None
    availability: Availability | None = None
    regions: RegionWishes | None = None
    topics: tuple[Topic, ...] | None = None
    links: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ApplyAsMaker:
    details: PersonDetails
    profile: ProfileChange
    privacy_notice_version: str
    alumni_network: bool = False


@dataclass(frozen=True)
class RegisterPerson:
    details: PersonDetails
    roles: frozenset[PersonRole]
    municipality_ids: frozenset[UUID] = frozenset()
    id: UUID | None = None
