"""Which makers may fill which project's seats in a run, and how well they fit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lokal_matching.domain.fit import fit
from lokal_matching.domain.pools import MakerArrays, ProjectArrays
from lokal_matching.domain.settings import FitSettings

Period = tuple[int, int]
"""First and last day, as ordinals."""


@dataclass(frozen=True)
class RunInput:
    makers: MakerArrays
    projects: ProjectArrays
    seats: tuple[tuple[int, ...], ...]
    """The open seat indices of each project (same order as `projects`)."""
    busy: Mapping[int, Sequence[Period]]
    """Maker row → periods in which the maker already holds a placement."""


@dataclass(frozen=True)
class ProjectCandidates:
    """The eligible makers of one project, by maker row."""

    rows: NDArray[np.int64]
    fits: NDArray[np.float64]
    covers: NDArray[np.bool_]
    must_have: tuple[bool, ...]


def project_candidates(
    run: RunInput, fit_settings: FitSettings, *, min_fit: float = 0.0
) -> list[ProjectCandidates]:
    found = []
    for j, project in enumerate(run.projects.projects):
        single = run.projects.subset([j])
        scores = fit(run.makers, single, fit_settings)
        usable = scores.eligible & (scores.score >= min_fit)
        first, last = int(single.first[0]), int(single.last[0])
        for row, periods in run.busy.items():
            if any(a <= last and first <= b for a, b in periods):
                usable[row] = False
        rows = np.flatnonzero(usable)
        width = len(project.requirements)
        found.append(
            ProjectCandidates(
                rows=rows,
                fits=scores.score[rows],
                covers=scores.covered[:width, rows].T,
                must_have=tuple(r.must_have for r in project.requirements),
            )
        )
    return found
