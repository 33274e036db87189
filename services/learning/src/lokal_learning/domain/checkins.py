"""Check-ins of the tandem: short dated notes between a maker and their Projektpat*in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from lokal_kit.errors import InvalidInput
from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE

MAX_NOTE = 2000


@dataclass(frozen=True)
class CheckIn:
    enrollment_id: UUID
    maker_id: UUID
    mentor_id: UUID | None
    author_id: UUID
    on: date
    note: str
    created_at: datetime
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        note = self.note.strip()
        if not note or len(note) > MAX_NOTE:
            raise InvalidInput(f"a check-in note has 1 to {MAX_NOTE} characters", field="note")
        object.__setattr__(self, "note", note)
        if self.on > self.created_at.astimezone(PROGRAMME_TIME_ZONE).date():
            raise InvalidInput("a check-in records a conversation that took place", field="on")
