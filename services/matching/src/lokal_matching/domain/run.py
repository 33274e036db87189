"""The matching run: every open seat of every open project at once.

Min-cost flow finds the assignment of highest total fit (each maker at most one
seat, each project at most its open seats, anyone may stay unassigned, optional
fairness constraints), then CP-SAT repairs the coverage of each project whose
team misses a requirement that unassigned makers hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

import numpy as np
from numpy.typing import NDArray

from lokal_matching.domain.candidates import ProjectCandidates, RunInput, project_candidates
from lokal_matching.domain.settings import FitSettings
from lokal_matching.domain.team import (
    FIT_SCALE,
    SolverStatus,
    TeamProblem,
    held_requirements,
    objective_weights,
    solve_team_timed,
    team_objective,
)

FLOW_SCALE = 1_000_000


class RunStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    """A time limit stopped a repair; `gap` says how far from proven best."""


@dataclass(frozen=True)
class RunSettings:
    min_fit: float = 0.0
    repair: bool = True
    repair_time_limit: float = 1.0
    """Deterministic time (about seconds) for one project's repair."""
    time_budget: float = 6.0
    """Deterministic time for all repairs together; later repairs get what is left."""
    one_seat_per_municipality: bool = False
    """Fairness: first give each municipality one seat where it has candidates."""
    max_seats_per_state: int | None = None
    """Fairness: at most this many seats per Land in one run."""
    coverage_value: float = 0.1
    """Fit a repair may give up to cover one more nice-to-have requirement."""


@dataclass(frozen=True)
class Assignment:
    project_id: UUID
    seat_index: int
    person_id: UUID
    fit: float


@dataclass(frozen=True)
class ProjectOutcome:
    project_id: UUID
    open_seats: int
    filled: int
    must_have_covered: int
    must_have_total: int
    nice_to_have_covered: int
    nice_to_have_total: int
    total_fit: float
    repaired: bool = False
    solver_status: SolverStatus | None = None


@dataclass
class RunResult:
    assignments: list[Assignment]
    projects: list[ProjectOutcome]
    unassigned: list[UUID]
    unfilled: list[tuple[UUID, int]]
    status: RunStatus = RunStatus.OPTIMAL
    gap: float = 0.0
    repairs: int = 0
    skipped_repairs: int = 0
    """Repairs the time budget left no time for."""
    arcs: int = 0
    baseline_objective: float = 0.0
    """Total fit of the greedy baseline on the same candidates."""
    baseline_coverage: float = 0.0

    @property
    def objective(self) -> float:
        return float(sum(a.fit for a in self.assignments))

    @property
    def coverage(self) -> float:
        """Share of all requirements of the run's projects that their teams hold."""
        total = sum(p.must_have_total + p.nice_to_have_total for p in self.projects)
        held = sum(p.must_have_covered + p.nice_to_have_covered for p in self.projects)
        return held / total if total else 1.0


def matching_run(run: RunInput, fit_settings: FitSettings, settings: RunSettings) -> RunResult:
    candidates = project_candidates(run, fit_settings, min_fit=settings.min_fit)
    baseline = outcome_of(run, candidates, greedy_teams(run, candidates))
    teams, arcs = _assign(run, candidates, settings)
    repairs = _Repairs(
        settings,
        fit_budget=_fit_int(teams, candidates) - _fit_int(_teams_of(baseline, run), candidates),
    )
    if settings.repair:
        for j in range(len(run.projects)):
            repairs.repair(j, teams, candidates[j])
    result = outcome_of(run, candidates, teams)
    result.arcs = arcs
    result.baseline_objective = baseline.objective
    result.baseline_coverage = baseline.coverage
    result.repairs = len(repairs.statuses)
    result.skipped_repairs = repairs.skipped
    for j, status in repairs.statuses.items():
        result.projects[j] = replace(result.projects[j], repaired=True, solver_status=status)
    stopped = repairs.skipped or any(s is SolverStatus.FEASIBLE for s in repairs.statuses.values())
    if stopped:
        result.status = RunStatus.FEASIBLE
        result.gap = repairs.gap
    return result


class _Repairs:
    """Coverage repairs, sharing one time budget and one fit budget.

    The fit budget is what the flow gained over the greedy baseline: repairs trade
    fit for coverage, but never so much that the run falls behind the baseline.
    """

    def __init__(self, settings: RunSettings, *, fit_budget: int) -> None:
        self.settings = settings
        self.time_left = settings.time_budget
        self.fit_left = max(0, fit_budget)
        self.statuses: dict[int, SolverStatus] = {}
        self.skipped = 0
        self.bound = 0
        self.objective = 0

    @property
    def gap(self) -> float:
        return (self.bound - self.objective) / self.bound if self.bound else 0.0

    def repair(self, j: int, teams: list[list[int]], candidates: ProjectCandidates) -> None:
        problem = _repair_problem(teams, j, candidates, self)
        if problem is None:
            return
        team_problem, pool, members = problem
        current = team_objective(team_problem, members)
        if self.time_left <= 0:
            self.skipped += 1
            uncovered = ~held_requirements(team_problem.covers, members)
            coverable = team_problem.covers[:, uncovered].any(axis=0)
            self.bound += current + int(coverable.sum()) * objective_weights(team_problem)[0]
            self.objective += current
            return
        limit = min(self.settings.repair_time_limit, self.time_left)
        solution, used = solve_team_timed(team_problem, limit, hint=members)
        self.time_left -= used
        self.statuses[j] = solution.status
        self.bound += solution.bound
        self.objective += solution.objective
        self.fit_left -= _fit_of(team_problem, members) - _fit_of(team_problem, solution.members)
        teams[j] = [int(candidates.rows[pool[k]]) for k in solution.members]


def _with_repair(outcome: ProjectOutcome, status: SolverStatus) -> ProjectOutcome:
    return ProjectOutcome(**{**outcome.__dict__, "repaired": True, "solver_status": status})


def _assign(
    run: RunInput, candidates: list[ProjectCandidates], settings: RunSettings
) -> tuple[list[list[int]], int]:
    """Min-cost flow: maker → project → (municipality bonus) → (Land cap) → sink.

    Every maker with a candidate arc supplies one unit; it reaches the sink through a
    project or directly (unassigned).
    """
    n, m = len(run.makers), len(run.projects)
    maker_node = 2 + np.arange(n, dtype=np.int32)
    project_in = 2 + n + np.arange(m, dtype=np.int32)
    project_out = project_in + m
    next_node = 2 + n + 2 * m
    tails: list[NDArray[np.int32]] = []
    heads: list[NDArray[np.int32]] = []
    capacities: list[NDArray[np.int64]] = []
    costs: list[NDArray[np.int64]] = []

    def arcs(tail: object, head: object, capacity: object, cost: object) -> None:
        t = np.atleast_1d(np.asarray(tail, dtype=np.int32))
        tails.append(t)
        heads.append(np.broadcast_to(np.asarray(head, dtype=np.int32), t.shape).copy())
        capacities.append(np.broadcast_to(np.asarray(capacity, dtype=np.int64), t.shape).copy())
        costs.append(np.broadcast_to(np.asarray(cost, dtype=np.int64), t.shape).copy())

    pair_project = np.repeat(
        np.arange(m, dtype=np.int32), [len(c.rows) for c in candidates]
    ).astype(np.int32)
    pair_maker = np.concatenate([np.zeros(0, np.int64), *(c.rows for c in candidates)])
    pair_fit = np.concatenate([np.zeros(0), *(c.fits for c in candidates)])
    active = np.unique(pair_maker)
    seats = np.array([len(s) for s in run.seats], dtype=np.int64)
    arcs(maker_node[active], 1, 1, 0)  # the "unassigned" option
    pair_start = sum(len(t) for t in tails)
    arcs(maker_node[pair_maker], project_in[pair_project], 1, -np.rint(pair_fit * FLOW_SCALE))
    arcs(project_in, project_out, seats, 0)
    target = np.ones(m, dtype=np.int32)
    if settings.max_seats_per_state is not None:
        states = np.unique(run.projects.state)
        state_node = {int(s): next_node + k for k, s in enumerate(states)}
        next_node += len(states)
        target = np.array([state_node[int(s)] for s in run.projects.state], dtype=np.int32)
        arcs(list(state_node.values()), 1, settings.max_seats_per_state, 0)
    arcs(project_out, target, seats, 0)
    if settings.one_seat_per_municipality:
        # worth more than any total fit, so the most municipalities get a first seat
        bonus = int(seats.sum()) * FLOW_SCALE + 1
        projects = run.projects.projects
        municipalities = sorted({p.municipality_id for p in projects}, key=str)
        node = {mid: next_node + k for k, mid in enumerate(municipalities)}
        next_node += len(municipalities)
        onward: dict[UUID, int] = {}
        for j, p in enumerate(projects):
            onward.setdefault(p.municipality_id, int(target[j]))
        arcs(project_out, [node[p.municipality_id] for p in projects], 1, -bonus)
        arcs(list(node.values()), [onward[mid] for mid in node], 1, 0)
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

    flow = min_cost_flow.SimpleMinCostFlow()
    all_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(capacities),
        np.concatenate(costs),
    )
    supplies = np.zeros(next_node, dtype=np.int64)
    supplies[maker_node[active]] = 1
    supplies[1] = -len(active)
    flow.set_nodes_supplies(np.arange(next_node, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = np.asarray(flow.flows(np.asarray(all_arcs)[pair_start : pair_start + len(pair_maker)]))
    teams: list[list[int]] = [[] for _ in range(m)]
    for k in np.flatnonzero(used > 0):
        teams[int(pair_project[k])].append(int(pair_maker[k]))
    return teams, len(all_arcs)


def _repair_problem(
    teams: list[list[int]], j: int, candidates: ProjectCandidates, repairs: _Repairs
) -> tuple[TeamProblem, list[int], list[int]] | None:
    """The team problem over the team and the unassigned makers, if that can cover more."""
    team = teams[j]
    if not team:
        return None
    position = {int(row): k for k, row in enumerate(candidates.rows)}
    members = [position[row] for row in team]
    covered = held_requirements(candidates.covers, members)
    if covered.all():
        return None
    taken = {row for t in teams for row in t}
    free = [k for k, row in enumerate(candidates.rows) if int(row) not in taken]
    if not free or not candidates.covers[free][:, ~covered].any():
        return None
    pool = members + free
    fits = candidates.fits[pool]
    problem = TeamProblem(
        size=len(team),
        must_have=candidates.must_have,
        fits=fits,
        covers=candidates.covers[pool],
        nice_value=round(repairs.settings.coverage_value * FIT_SCALE),
        min_total_fit=_fit_of_rows(fits, range(len(members))) - repairs.fit_left,
    )
    return problem, pool, list(range(len(members)))


def _fit_of(problem: TeamProblem, members: Sequence[int]) -> int:
    return _fit_of_rows(problem.fits, members)


def _fit_of_rows(fits: NDArray[np.float64], members: Iterable[int]) -> int:
    return sum(round(float(fits[k]) * FIT_SCALE) for k in members)


def _fit_int(teams: list[list[int]], candidates: list[ProjectCandidates]) -> int:
    total = 0
    for team, c in zip(teams, candidates, strict=True):
        position = {int(row): k for k, row in enumerate(c.rows)}
        total += _fit_of_rows(c.fits, (position[row] for row in team))
    return total


def _teams_of(result: RunResult, run: RunInput) -> list[list[int]]:
    row_of = {person: row for row, person in enumerate(run.makers.ids)}
    index = {project: j for j, project in enumerate(run.projects.ids)}
    teams: list[list[int]] = [[] for _ in range(len(run.projects))]
    for a in result.assignments:
        teams[index[a.project_id]].append(row_of[a.person_id])
    return teams


def greedy_teams(run: RunInput, candidates: list[ProjectCandidates]) -> list[list[int]]:
    """The naive baseline: best pairs first, as long as maker and seat are free."""
    projects = np.repeat(np.arange(len(candidates)), [len(c.rows) for c in candidates])
    makers = np.concatenate([np.zeros(0, np.int64), *(c.rows for c in candidates)])
    fits = np.concatenate([np.zeros(0), *(c.fits for c in candidates)])
    free_seats = [len(seats) for seats in run.seats]
    taken: set[int] = set()
    teams: list[list[int]] = [[] for _ in candidates]
    for k in np.lexsort((makers, projects, -fits)):
        j, row = int(projects[k]), int(makers[k])
        if free_seats[j] and row not in taken:
            teams[j].append(row)
            taken.add(row)
            free_seats[j] -= 1
    return teams


def outcome_of(
    run: RunInput, candidates: list[ProjectCandidates], teams: list[list[int]]
) -> RunResult:
    """Seats, coverage and fit of each project's team; who stays unassigned."""
    assignments: list[Assignment] = []
    outcomes: list[ProjectOutcome] = []
    unfilled: list[tuple[UUID, int]] = []
    makers = run.makers.ids
    for j, project in enumerate(run.projects.projects):
        c = candidates[j]
        position = {int(row): k for k, row in enumerate(c.rows)}
        members = sorted((position[row] for row in teams[j]), key=lambda k: (-c.fits[k], k))
        covered = held_requirements(c.covers, members)
        must = np.array(c.must_have, dtype=bool)
        for seat, k in zip(run.seats[j], members, strict=False):
            assignments.append(
                Assignment(project.project_id, seat, makers[int(c.rows[k])], float(c.fits[k]))
            )
        unfilled.extend((project.project_id, seat) for seat in run.seats[j][len(members) :])
        outcomes.append(
            ProjectOutcome(
                project_id=project.project_id,
                open_seats=len(run.seats[j]),
                filled=len(members),
                must_have_covered=int((covered & must).sum()),
                must_have_total=int(must.sum()),
                nice_to_have_covered=int((covered & ~must).sum()),
                nice_to_have_total=int((~must).sum()),
                total_fit=float(c.fits[members].sum()) if members else 0.0,
            )
        )
    placed = {a.person_id for a in assignments}
    return RunResult(
        assignments=assignments,
        projects=outcomes,
        unassigned=[person for person in makers if person not in placed],
        unfilled=unfilled,
    )
