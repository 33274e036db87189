"""What people knows of a maker's placement: where, with which Projektpat*in, until when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass
class Placement:
    id: UUID
    person_id: UUID
    project_id: UUID
    municipality_id: UUID
    mentor_id: UUID | None
    starts_on: date
    ends_on: date
    ended_on: date | None = None

    @property
    def active(self) -> bool:
        return self.ended_on is None
