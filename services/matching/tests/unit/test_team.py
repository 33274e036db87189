"""The team solver against brute force on instances small enough to try every team."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from lokal_matching.domain.team import (
    SolverStatus,
    TeamProblem,
    dominance_pruned,
    solve_team,
    team_objective,
)


def random_problem(
    rng: random.Random, candidates: int, requirements: int, size: int
) -> TeamProblem:
    return TeamProblem(
        size=size,
        must_have=tuple(rng.random() < 0.4 for _ in range(requirements)),
        fits=np.array([round(rng.random(), 3) for _ in range(candidates)]),
        covers=np.array(
            [[rng.random() < 0.3 for _ in range(requirements)] for _ in range(candidates)],
            dtype=bool,
        ),
    )


def brute_force(problem: TeamProblem) -> int:
    size = min(problem.size, problem.candidates)
    return max(
        team_objective(problem, team)
        for team in itertools.combinations(range(problem.candidates), size)
    )


@pytest.mark.parametrize("seed", range(40))
def test_the_solver_finds_the_best_team(seed: int) -> None:
    rng = random.Random(seed)
    problem = random_problem(rng, rng.randint(1, 9), rng.randint(0, 4), rng.randint(1, 4))
    solution = solve_team(problem)
    assert solution.status is SolverStatus.OPTIMAL
    assert len(solution.members) == min(problem.size, problem.candidates)
    assert team_objective(problem, solution.members) == brute_force(problem)
    assert solution.objective == brute_force(problem)


@pytest.mark.parametrize("seed", range(10))
def test_pruning_keeps_a_best_team(seed: int) -> None:
    rng = random.Random(100 + seed)
    problem = random_problem(rng, 26, 4, 3)
    kept = dominance_pruned(problem)
    assert len(kept) < problem.candidates
    restricted = TeamProblem(
        size=problem.size,
        must_have=problem.must_have,
        fits=problem.fits[kept],
        covers=problem.covers[kept],
    )
    assert brute_force(restricted) == brute_force(problem)


def test_must_haves_come_before_nice_to_haves_before_fit() -> None:
    problem = TeamProblem(
        size=2,
        must_have=(True, False),
        fits=np.array([0.9, 0.9, 0.2, 0.1]),
        covers=np.array([[False, False], [False, False], [True, False], [False, True]]),
    )
    solution = solve_team(problem)
    assert solution.members == (2, 3)
    assert solution.covered == (True, True)


def test_a_priced_nice_to_have_is_covered_only_when_it_is_worth_the_fit() -> None:
    covers = np.array([[False], [False], [True]])
    fits = np.array([0.9, 0.8, 0.6])
    cheap = TeamProblem(size=2, must_have=(False,), fits=fits, covers=covers, nice_value=300)
    dear = TeamProblem(size=2, must_have=(False,), fits=fits, covers=covers, nice_value=100)
    assert solve_team(cheap).members == (0, 2)
    assert solve_team(dear).members == (0, 1)


def test_a_fit_floor_binds() -> None:
    problem = TeamProblem(
        size=1,
        must_have=(False,),
        fits=np.array([0.9, 0.5]),
        covers=np.array([[False], [True]]),
        min_total_fit=800,
    )
    assert solve_team(problem).members == (0,)


def test_no_candidates_is_a_status_not_an_error() -> None:
    empty = TeamProblem(size=3, must_have=(True,), fits=np.zeros(0), covers=np.zeros((0, 1), bool))
    solution = solve_team(empty)
    assert solution.status is SolverStatus.NO_CANDIDATES
    assert solution.members == ()
