"""A person's rows as read together: the statement for the person and profile, and the Person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, select

from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.domain.persons import Consent, ConsentPurpose, Person, PersonRole
from lokal_people.domain.profile import (
    Availability,
    Background,
    MakerProfile,
    ProfileCompetence,
    RegionWishes,
    Topic,
    Workload,
)


def with_profile(ids: list[UUID]) -> Select[Any]:
    """Persons with their maker profile (one to one; none for the others) in one statement."""
    profile = t.maker_profiles
    return (
        select(
            t.persons,
            profile.c.person_id.label("profile_of"),
            *(column for column in profile.c if column is not profile.c.person_id),
        )
        .outerjoin(profile, profile.c.person_id == t.persons.c.id)
        .where(one_of(t.persons.c.id, ids))
    )


def person_of(
    row: Any, sets: list[tuple[str, str]], consents: list[Any], competences: list[Any]
) -> Person:
    def values(kind: str) -> list[str]:
        return [value for k, value in sets if k == kind]

    return Person(
        id=row.id,
        roles=frozenset(PersonRole(r) for r in values("role")),
        name=row.name,
        email=row.email,
        work_email=row.work_email,
        phone=row.phone,
        preferred_language=row.preferred_language,
        created_at=row.created_at,
        municipality_ids=frozenset(UUID(m) for m in values("municipality")),
        consents=[
            Consent(ConsentPurpose(c.purpose), c.privacy_notice_version, c.given_at, c.withdrawn_at)
            for c in consents
        ],
        profile=_profile(row, values("state"), values("ags"), competences),
        version=row.version,
    )


def _profile(
    row: Any, states: list[str], ags_prefixes: list[str], competences: list[Any]
) -> MakerProfile | None:
    if row.profile_of is None:
        return None
    return MakerProfile(
        background=Background(row.background),
        experience_years=row.experience_years,
        availability=Availability(row.earliest_start, row.months, Workload(row.workload)),
        regions=RegionWishes(
            states=tuple(sorted(states)),
            ags_prefixes=tuple(sorted(ags_prefixes)),
            willing_to_relocate=row.willing_to_relocate,
        ),
        competences=tuple(
            ProfileCompetence(c.competence_id, c.level, c.years, c.evidence) for c in competences
        ),
        topics=tuple(Topic(topic) for topic in row.topics),
        links=tuple(row.links),
    )
