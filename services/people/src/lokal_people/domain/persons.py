"""A person: one or more roles, contact data, memberships of Kommunen, consent records."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import InvalidInput
from lokal_people.domain.profile import MakerProfile


class PersonRole(StrEnum):
    MAKER = "maker"
    MENTOR = "mentor"
    MUNICIPALITY_STAFF = "municipality_staff"
    PROGRAMME = "programme"


# Roles that act for a Kommune and so need at least one membership.
MUNICIPAL_ROLES = frozenset({PersonRole.MENTOR, PersonRole.MUNICIPALITY_STAFF})


class ConsentPurpose(StrEnum):
    PROGRAMME_PARTICIPATION = "programme_participation"
    TALENT_POOL = "talent_pool"
    ALUMNI_NETWORK = "alumni_network"


@dataclass(frozen=True)
class Consent:
    """What the person agreed to, when, under which version of the privacy notice."""

    purpose: ConsentPurpose
    privacy_notice_version: str
    given_at: datetime
    withdrawn_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass
class Person:
    id: UUID
    roles: frozenset[PersonRole]
    name: str
    email: str
    created_at: datetime
    phone: str | None = None
    work_email: str | None = None
    preferred_language: str = "de"
    municipality_ids: frozenset[UUID] = frozenset()
    consents: list[Consent] = field(default_factory=list)
    profile: MakerProfile | None = None
    version: int = 1

    def __post_init__(self) -> None:
        check_roles(self.roles, self.municipality_ids)
        if PersonRole.MAKER in self.roles and self.profile is None:
            raise InvalidInput("a maker needs a profile", field="profile")

    @property
    def is_maker(self) -> bool:
        return PersonRole.MAKER in self.roles

    @property
    def acts_for_municipalities(self) -> bool:
        return bool(self.roles & MUNICIPAL_ROLES)

    @property
    def work_contact(self) -> str | None:
        """The address colleagues may see: the work address, else a staff member's own."""
        if self.work_email is not None:
            return self.work_email
        return self.email if self.roles - {PersonRole.MAKER} else None

    def changed(self) -> None:
        """Every change is a new version: consumers of its events rely on it."""
        self.version += 1

    def set_roles(self, roles: frozenset[PersonRole], municipality_ids: frozenset[UUID]) -> None:
        check_roles(roles, municipality_ids)
        if PersonRole.MAKER in roles and self.profile is None:
            raise InvalidInput("a maker needs a profile: apply as a maker instead", field="roles")
        self.roles, self.municipality_ids = roles, municipality_ids
        self.changed()

    def give_consent(self, purpose: ConsentPurpose, version: str, at: datetime) -> None:
        consent = Consent(purpose, notice_version(version), at)
        self.withdraw_consent(purpose, at, missing_ok=True)
        self.consents.append(consent)
        self.changed()

    def withdraw_consent(
        self, purpose: ConsentPurpose, at: datetime, missing_ok: bool = False
    ) -> None:
        active = [c for c in self.consents if c.purpose is purpose and c.active]
        if not active and not missing_ok:
            raise InvalidInput(f"there is no active consent to {purpose.value}", field="purpose")
        self.consents = [replace(c, withdrawn_at=at) if c in active else c for c in self.consents]
        if active:
            self.changed()

    def has_consented(self, purpose: ConsentPurpose) -> bool:
        return any(c.purpose is purpose and c.active for c in self.consents)


def notice_version(value: str) -> str:
    version = value.strip()
    if not version or len(version) > 40:
        raise InvalidInput(
            "name the version of the privacy notice (1-40 characters)",
            field="privacyNoticeVersion",
        )
    return version


def check_roles(roles: frozenset[PersonRole], municipality_ids: frozenset[UUID]) -> None:
    if not roles:
        raise InvalidInput("a person needs at least one role", field="roles")
    if roles & MUNICIPAL_ROLES and not municipality_ids:
        raise InvalidInput(
            "mentors and municipality staff must belong to at least one municipality",
            field="municipalityIds",
        )
    if municipality_ids and not roles & MUNICIPAL_ROLES:
        raise InvalidInput(
            "only mentors and municipality staff belong to a municipality",
            field="municipalityIds",
        )
