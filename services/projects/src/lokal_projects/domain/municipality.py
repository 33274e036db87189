"""The Kommune: identified by its AGS, with the people who speak for it on the platform."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from lokal_kit.errors import Conflict, InvalidInput
from lokal_projects.domain.values import (
    Ags,
    MunicipalityKind,
    State,
    optional_text,
    required_text,
)

_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
MAX_POPULATION = 100_000_000


@dataclass(frozen=True)
class MunicipalityProfile:
    """What a Kommune's staff may describe and change about it (the AGS is its identity)."""

    name: str
    kind: MunicipalityKind
    population: int | None = None
    address: str | None = None
    website: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", required_text(self.name, field="name", max_length=200))
        object.__setattr__(
            self, "address", optional_text(self.address, field="address", max_length=300)
        )
        website = optional_text(self.website, field="website", max_length=300)
        if website is not None and not _WEBSITE.match(website):
            raise InvalidInput("the website must be an http(s) URL", field="website")
        object.__setattr__(self, "website", website)
        if self.population is not None and not 0 <= self.population <= MAX_POPULATION:
            raise InvalidInput(
                f"the population must be between 0 and {MAX_POPULATION}", field="population"
            )


@dataclass
class Municipality:
    id: UUID
    ags: Ags
    profile: MunicipalityProfile
    registered_at: datetime
    contact_ids: list[UUID] = field(default_factory=list)
    version: int = 1

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        ags: Ags,
        profile: MunicipalityProfile,
        registered_by: UUID,
        now: datetime,
    ) -> Municipality:
        """The person who registers a Kommune becomes its first contact person."""
        return cls(id=id, ags=ags, profile=profile, registered_at=now, contact_ids=[registered_by])

    @property
    def state(self) -> State:
        return self.ags.state

    @property
    def name(self) -> str:
        return self.profile.name

    def has_contact(self, person_id: UUID | None) -> bool:
        return person_id is not None and person_id in self.contact_ids

    def revise(self, profile: MunicipalityProfile) -> None:
        self.profile = profile
        self.version += 1

    def add_contact(self, person_id: UUID) -> None:
        if person_id in self.contact_ids:
            raise Conflict("this person is a contact of the municipality already", field="personId")
        self.contact_ids.append(person_id)
        self.version += 1

    def remove_contact(self, person_id: UUID) -> None:
        if person_id not in self.contact_ids:
            raise InvalidInput("this person is not a contact of the municipality", field="personId")
        self.contact_ids.remove(person_id)
        self.version += 1

    def forget(self, person_id: UUID) -> bool:
        """Erasure: drop the person as contact; whether anything changed."""
        if person_id not in self.contact_ids:
            return False
        self.contact_ids.remove(person_id)
        self.version += 1
        return True
