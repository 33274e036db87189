"""The matching run against an exact oracle, the greedy baseline and its own promises."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from lokal_matching.domain.candidates import RunInput, project_candidates
from lokal_matching.domain.greedy import greedy_run
from lokal_matching.domain.model import Maker, Project, Requirement
from lokal_matching.domain.pools import MakerArrays, ProjectArrays
from lokal_matching.domain.run import RunSettings, RunStatus, matching_run
from lokal_matching.domain.settings import FitSettings
from lokal_matching.synthetic import synthetic_instance

FIT = FitSettings()
FLOW_ONLY = RunSettings(repair=False)


def run_input(
    makers: list[Maker],
    projects: list[Project],
    busy: dict[int, list[tuple[int, int]]] | None = None,
) -> RunInput:
    project_pool = ProjectArrays.build(projects)
    return RunInput(
        makers=MakerArrays.build(makers),
        projects=project_pool,
        seats=tuple(tuple(range(len(p.seats))) for p in project_pool.projects),
        busy=busy or {},
    )


def exact_total_fit(run: RunInput) -> float:
    """linear_sum_assignment over makers x seats; an ineligible pair is worth nothing."""
    candidates = project_candidates(run, FIT)
    columns = [j for j, seats in enumerate(run.seats) for _ in seats]
    value = np.zeros((len(run.makers), len(columns)))
    for column, j in enumerate(columns):
        value[candidates[j].rows, column] = candidates[j].fits
    rows, cols = linear_sum_assignment(value, maximize=True)
    return float(value[rows, cols].sum())


@pytest.mark.parametrize(
    ("makers", "projects", "seed"), [(40, 8, 1), (120, 30, 2), (300, 60, 3), (400, 90, 4)]
)
def test_the_flow_assignment_is_optimal(makers: int, projects: int, seed: int) -> None:
    run = run_input(*synthetic_instance(makers, projects, seed))
    result = matching_run(run, FIT, FLOW_ONLY)
    assert result.objective == pytest.approx(exact_total_fit(run), abs=1e-5)
    assert result.objective > 0


@pytest.mark.parametrize("seed", range(5, 11))
def test_the_run_fits_at_least_as_well_as_greedy_and_repair_only_adds_coverage(seed: int) -> None:
    run = run_input(*synthetic_instance(400, 80, seed))
    greedy = greedy_run(run, FIT)
    flow = matching_run(run, FIT, FLOW_ONLY)
    repaired = matching_run(run, FIT, RunSettings())
    assert repaired.objective >= greedy.objective - 1e-9
    assert repaired.baseline_objective == pytest.approx(greedy.objective)
    for before, after in zip(flow.projects, repaired.projects, strict=True):
        covered = lambda o: o.must_have_covered + o.nice_to_have_covered  # noqa: E731
        assert covered(after) >= covered(before)
    assert repaired.coverage >= flow.coverage
    assert repaired.repairs > 0


def test_each_maker_holds_at_most_one_seat_and_seats_are_not_overfilled() -> None:
    run = run_input(*synthetic_instance(300, 70, 12))
    result = matching_run(run, FIT, RunSettings())
    assert len({a.person_id for a in result.assignments}) == len(result.assignments)
    seats = Counter((a.project_id, a.seat_index) for a in result.assignments)
    assert max(seats.values()) == 1
    assigned = {a.person_id for a in result.assignments}
    assert assigned.isdisjoint(result.unassigned)
    assert len(assigned) + len(result.unassigned) == len(run.makers)
    filled = {(a.project_id, a.seat_index) for a in result.assignments}
    assert filled.isdisjoint(result.unfilled)
    assert len(filled) + len(result.unfilled) == sum(len(s) for s in run.seats)


def test_the_same_input_gives_the_same_run() -> None:
    makers, projects = synthetic_instance(300, 60, 13)
    first = matching_run(run_input(makers, projects), FIT, RunSettings())
    second = matching_run(
        run_input(list(reversed(makers)), list(reversed(projects))), FIT, RunSettings()
    )
    assert first.assignments == second.assignments
    assert first.projects == second.projects


def test_a_busy_maker_is_not_assigned_in_that_period() -> None:
    makers, projects = synthetic_instance(200, 40, 14)
    plain = run_input(makers, projects)
    result = matching_run(plain, FIT, FLOW_ONLY)
    chosen = result.assignments[0].person_id
    row = plain.makers.ids.index(chosen)
    busy = run_input(
        makers, projects, busy={row: [(date(2025, 1, 1).toordinal(), date(2028, 1, 1).toordinal())]}
    )
    assert chosen not in {a.person_id for a in matching_run(busy, FIT, FLOW_ONLY).assignments}


def _uuid(n: int) -> UUID:
    return UUID(int=n)


def test_fairness_gives_each_municipality_a_seat_and_caps_a_land() -> None:
    # both makers fit the Eschwege project best; alone, the run gives the other Kommune nobody
    skill = {"A": 3}
    makers = [
        Maker(_uuid(1 + k), skill, date(2026, 1, 1), 12, ags_prefixes=("06636",)) for k in range(2)
    ]
    requirement = (Requirement("A", 2, must_have=True),)
    eschwege = Project(
        _uuid(100),
        _uuid(200),
        "06636003",
        "other",
        requirement,
        ("E11", "E11"),
        date(2026, 2, 1),
        6,
    )
    elsewhere = Project(
        _uuid(101), _uuid(201), "06611000", "other", requirement, ("E11",), date(2026, 2, 1), 6
    )
    run = run_input(makers, [eschwege, elsewhere])
    plain = matching_run(run, FIT, FLOW_ONLY)
    assert {a.project_id for a in plain.assignments} == {eschwege.project_id}
    fair = matching_run(run, FIT, RunSettings(repair=False, one_seat_per_municipality=True))
    assert Counter(a.project_id for a in fair.assignments) == {
        eschwege.project_id: 1,
        elsewhere.project_id: 1,
    }
    capped = matching_run(run, FIT, RunSettings(repair=False, max_seats_per_state=1))
    assert len(capped.assignments) == 1
    assert capped.status is RunStatus.OPTIMAL
