"""Coaches and which one a new maker gets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from lokal_kit.errors import InvalidInput

MAX_MAKERS_PER_COACH = 30


def require_max_makers(max_makers: int) -> int:
    if not 1 <= max_makers <= MAX_MAKERS_PER_COACH:
        raise InvalidInput(
            f"a coach looks after 1 to {MAX_MAKERS_PER_COACH} makers", field="maxMakers"
        )
    return max_makers


@dataclass(frozen=True)
class CoachLoad:
    person_id: UUID
    max_makers: int
    active_makers: int

    @property
    def is_free(self) -> bool:
        return self.active_makers < self.max_makers


def choose_coach(loads: Iterable[CoachLoad], *, exclude: UUID | None = None) -> UUID | None:
    """The free coach with the fewest makers (ties by id, so the choice is repeatable)."""
    free = [load for load in loads if load.is_free and load.person_id != exclude]
    if not free:
        return None
    return min(free, key=lambda load: (load.active_makers, str(load.person_id))).person_id
