"""The best team for one project: must-haves first, then nice-to-haves, then total fit.

Exact: candidates that cannot be in any best team are pruned by dominance, and
CP-SAT solves the rest (within a deterministic time limit, so a rerun gives the
same team).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

FIT_SCALE = 1000
"""Fit enters the solvers as an integer in thousandths."""


class SolverStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    """A time limit stopped the solver before it proved the team best."""
    NO_CANDIDATES = "no_candidates"


@dataclass(frozen=True)
class TeamProblem:
    size: int
    must_have: tuple[bool, ...]
    """One entry per requirement."""
    fits: NDArray[np.float64]
    covers: NDArray[np.bool_]
    """(candidates, requirements): candidate holds the requirement at the required level."""
    nice_value: int | None = None
    """Objective value of a covered nice-to-have; None: worth more than any total fit."""
    min_total_fit: int | None = None
    """A floor on the team's total fit, in thousandths."""

    @property
    def candidates(self) -> int:
        return len(self.fits)


@dataclass(frozen=True)
class TeamSolution:
    members: tuple[int, ...]
    """Candidate rows, best fit first."""
    status: SolverStatus
    covered: tuple[bool, ...]
    total_fit: float
    objective: int
    bound: int

    @property
    def gap(self) -> float:
        return 0.0 if self.bound <= 0 else max(0, self.bound - self.objective) / self.bound


def objective_weights(problem: TeamProblem) -> tuple[int, int]:
    """Objective value of a covered (must-have, nice-to-have).

    A must-have always outweighs everything else; a nice-to-have outweighs all fit
    unless the problem prices it.
    """
    nice_count = sum(1 for must in problem.must_have if not must)
    nice = problem.size * FIT_SCALE + 1 if problem.nice_value is None else problem.nice_value
    return problem.size * FIT_SCALE + nice * nice_count + 1, nice


def team_objective(problem: TeamProblem, members: Sequence[int]) -> int:
    must_weight, nice_weight = objective_weights(problem)
    covered = held_requirements(problem.covers, members)
    value = sum(round(float(problem.fits[i]) * FIT_SCALE) for i in members)
    for r, must in enumerate(problem.must_have):
        if covered[r]:
            value += must_weight if must else nice_weight
    return value


def held_requirements(covers: NDArray[np.bool_], members: Sequence[int]) -> NDArray[np.bool_]:
    """Which requirements at least one member holds at the required level."""
    return np.asarray(covers[list(members)].any(axis=0), dtype=bool)


def dominance_pruned(problem: TeamProblem) -> NDArray[np.int64]:
    """Candidates that may belong to a best team.

    A candidate behind at least `size` others that cover everything it covers and fit
    at least as well is never needed: one of those others is outside any team that
    holds it and can take its place without losing coverage or fit.
    """
    n = problem.candidates
    if n <= problem.size:
        return np.arange(n, dtype=np.int64)
    bits = (1 << np.arange(problem.covers.shape[1], dtype=np.int64)).astype(np.int64)
    patterns = (problem.covers.astype(np.int64) * bits).sum(axis=1)
    order = np.lexsort((np.arange(n), -problem.fits))
    ordered_patterns = patterns[order]
    kept = np.zeros(n, dtype=bool)
    for pattern in np.unique(patterns):
        superset = (ordered_patterns & pattern) == pattern
        best = order[superset][: problem.size]
        kept[best[patterns[best] == pattern]] = True
    return np.flatnonzero(kept)


def solve_team(
    problem: TeamProblem, *, time_limit: float = 5.0, hint: Sequence[int] = ()
) -> TeamSolution:
    """`time_limit` is CP-SAT's deterministic time, so equal inputs give equal teams."""
    return solve_team_timed(problem, time_limit, hint=hint)[0]


def solve_team_timed(
    problem: TeamProblem, time_limit: float, *, hint: Sequence[int] = ()
) -> tuple[TeamSolution, float]:
    """The team and the deterministic time spent on it."""
    size = min(problem.size, problem.candidates)
    if size == 0:
        nothing = (False,) * len(problem.must_have)
        return TeamSolution((), SolverStatus.NO_CANDIDATES, nothing, 0.0, 0, 0), 0.0
    # imported here: CP-SAT costs a process some 60 MB, and most processes never solve a team
    from ortools.sat.python import cp_model

    rows = dominance_pruned(problem)
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"x{i}") for i in rows]
    model.add(sum(chosen) == size)
    must_weight, nice_weight = objective_weights(problem)
    fit_terms = [
        round(float(problem.fits[i]) * FIT_SCALE) * x for i, x in zip(rows, chosen, strict=True)
    ]
    terms = list(fit_terms)
    for r, must in enumerate(problem.must_have):
        holders = [x for i, x in zip(rows, chosen, strict=True) if problem.covers[i, r]]
        if not holders:
            continue
        covered = model.new_bool_var(f"c{r}")
        model.add(covered <= sum(holders))
        terms.append((must_weight if must else nice_weight) * covered)
    if problem.min_total_fit is not None:
        model.add(sum(fit_terms) >= problem.min_total_fit)
    model.maximize(sum(terms))
    hinted = set(hint)
    for i, x in zip(rows, chosen, strict=True):
        model.add_hint(x, int(i) in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = time_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no team: {solver.status_name(status)}")
    members = [int(i) for i, x in zip(rows, chosen, strict=True) if solver.value(x)]
    members.sort(key=lambda i: (-problem.fits[i], i))
    solution = TeamSolution(
        members=tuple(members),
        status=SolverStatus.OPTIMAL if status == cp_model.OPTIMAL else SolverStatus.FEASIBLE,
        covered=tuple(bool(v) for v in held_requirements(problem.covers, members)),
        total_fit=float(problem.fits[members].sum()),
        objective=round(solver.objective_value),
        bound=round(solver.best_objective_bound),
    )
    return solution, solver.deterministic_time
