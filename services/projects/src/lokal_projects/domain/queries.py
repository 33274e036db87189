"""What a listing asks for, and whose eyes it is for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from lokal_projects.domain.application import ApplicationStatus
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.domain.values import Topic


@dataclass(frozen=True)
class Audience:
    """Who reads: everything (programme team), or public data plus their own Kommunen's.

    A person counts as staff of a Kommune through the token (`municipality_ids`) or by
    being one of its contact persons (`person_id`), which the database knows.
    """

    everything: bool = False
    municipality_ids: frozenset[UUID] = frozenset()
    person_id: UUID | None = None


@dataclass(frozen=True)
class ProjectQuery:
    statuses: frozenset[ProjectStatus] = frozenset()
    state_codes: frozenset[str] = frozenset()
    topics: frozenset[Topic] = frozenset()
    competence_ids: frozenset[str] = frozenset()
    """Projects that require any of these competences."""
    start_from: date | None = None
    start_to: date | None = None
    municipality_id: UUID | None = None
    search: str | None = None
    """Words in the title or the goal."""


@dataclass(frozen=True)
class MunicipalityQuery:
    state_codes: frozenset[str] = frozenset()
    name: str | None = None


@dataclass(frozen=True)
class ApplicationQuery:
    municipality_id: UUID | None = None
    round: str | None = None
    statuses: frozenset[ApplicationStatus] = field(default_factory=frozenset)
