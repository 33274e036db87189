"""Progress through the programme: mandatory sessions attended against those due so far."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from lokal_learning.domain.kinds import AttendanceStatus


@dataclass(frozen=True)
class MandatorySeat:
    """A mandatory session the maker holds a seat in, and what was recorded for them."""

    session_id: UUID
    ends_at: datetime
    cancelled: bool
    attendance: AttendanceStatus | None


@dataclass(frozen=True)
class Progress:
    attended: int
    excused: int
    missed: int
    due: int
    total: int

    @property
    def upcoming(self) -> int:
        return self.total - self.due

    @property
    def attendance_rate(self) -> float | None:
        """Share of due sessions attended; excused ones do not count against it."""
        counted = self.due - self.excused
        return None if counted <= 0 else self.attended / counted


def progress(seats: Iterable[MandatorySeat], now: datetime) -> Progress:
    """Cancelled sessions never count; a session is due once it is over.

    A due session without a record counts as missed: the facilitator can still
    record attendance later and the figures follow.
    """
    live = [seat for seat in seats if not seat.cancelled]
    due = [seat for seat in live if seat.ends_at <= now]
    attended = sum(1 for seat in due if seat.attendance is AttendanceStatus.ATTENDED)
    excused = sum(1 for seat in due if seat.attendance is AttendanceStatus.EXCUSED)
    return Progress(
        attended=attended,
        excused=excused,
        missed=len(due) - attended - excused,
        due=len(due),
        total=len(live),
    )
