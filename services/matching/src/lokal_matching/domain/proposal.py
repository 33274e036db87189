"""What the solvers propose: a team for one project, and the record of a matching run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from lokal_matching.domain.team import SolverStatus


class ProposalStatus(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    """The programme team turned it into proposed placements."""
    LAPSED = "lapsed"
    """The project was cancelled or closed before anyone adopted it."""


@dataclass(frozen=True)
class ProposalMember:
    person_id: UUID
    seat_index: int
    fit: float


@dataclass(frozen=True)
class TeamProposal:
    id: UUID
    project_id: UUID
    run_id: UUID | None
    status: ProposalStatus
    solver_status: SolverStatus
    total_fit: float
    gap: float
    requirements: list[dict[str, Any]]
    """Per requirement: competence_id, min_level, must_have, covered."""
    created_at: datetime
    created_by: UUID | None
    members: tuple[ProposalMember, ...]

    @classmethod
    def from_row(cls, row: dict[str, Any], members: tuple[ProposalMember, ...]) -> TeamProposal:
        return cls(
            **{
                **row,
                "status": ProposalStatus(row["status"]),
                "solver_status": SolverStatus(row["solver_status"]),
                "members": members,
            }
        )

    def count(self, *, must_have: bool) -> tuple[int, int]:
        """(covered, total) requirements of one kind."""
        wanted = [r for r in self.requirements if r["must_have"] is must_have]
        return sum(1 for r in wanted if r["covered"]), len(wanted)


@dataclass(frozen=True)
class MatchingRunRecord:
    id: UUID
    status: str
    started_at: datetime
    duration_ms: int
    started_by: UUID | None
    objective: float
    coverage: float
    baseline_objective: float
    baseline_coverage: float
    gap: float
    settings: dict[str, Any]
    inputs: dict[str, Any]
    outcomes: list[dict[str, Any]]
    """Per project: open seats, filled, coverage of must-haves and nice-to-haves, repair."""
    unfilled_seats: list[dict[str, Any]]
