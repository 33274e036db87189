"""The naive baseline a run must beat, on its own (the run computes it too)."""

from __future__ import annotations

from lokal_matching.domain.candidates import RunInput, project_candidates
from lokal_matching.domain.run import RunResult, greedy_teams, outcome_of
from lokal_matching.domain.settings import FitSettings


def greedy_run(run: RunInput, fit_settings: FitSettings, *, min_fit: float = 0.0) -> RunResult:
    candidates = project_candidates(run, fit_settings, min_fit=min_fit)
    return outcome_of(run, candidates, greedy_teams(run, candidates))
