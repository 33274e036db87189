"""An erasure (DSGVO Art. 17): done here at once, then confirmed by every other service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


@dataclass
class ErasureRequest:
    id: UUID
    person_id: UUID
    requested_by: UUID | None
    requested_at: datetime
    participants: tuple[str, ...]
    confirmations: dict[str, datetime] = field(default_factory=dict)

    @property
    def pending(self) -> tuple[str, ...]:
        return tuple(s for s in self.participants if s not in self.confirmations)

    @property
    def done(self) -> bool:
        return not self.pending

    @property
    def completed_at(self) -> datetime | None:
        if not self.done:
            return None
        return max(self.confirmations.values(), default=self.requested_at)

    def confirm(self, service: str, at: datetime) -> bool:
        """Record a service's confirmation; False when it was known (or the service unexpected)."""
        if service not in self.participants or service in self.confirmations:
            return False
        self.confirmations[service] = at
        return True
