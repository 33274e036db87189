"""Matching benchmark: rank 10,000 makers for one project, and a full run over 1,000 projects.

    uv run python bench/matching.py [--makers 10000] [--projects 1000] [--seeds 1 2 3]

Prints, per synthetic instance: time to rank all makers for one project, time of a full
matching run, total fit and coverage of the run against the greedy baseline computed on the
same candidates in the same run, and peak memory (the process's maximum resident set).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from lokal_matching.domain.candidates import RunInput
from lokal_matching.domain.fit import fit, rank
from lokal_matching.domain.pools import MakerArrays, ProjectArrays
from lokal_matching.domain.run import RunSettings, matching_run
from lokal_matching.domain.settings import FitSettings
from lokal_matching.synthetic import synthetic_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--makers", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    options = parser.parse_args()
    settings = FitSettings()
    print(
        f"instance: {options.makers} makers (5-12 competences), {options.projects} projects "
        "(3-8 requirements, 2-6 seats)"
    )
    for seed in options.seeds:
        makers, projects = synthetic_instance(options.makers, options.projects, seed)
        pool, project_pool = MakerArrays.build(makers), ProjectArrays.build(projects)
        timings = []
        for j in range(50):
            started = time.perf_counter()
            rank(fit(pool, project_pool.subset([j]), settings))
            timings.append(time.perf_counter() - started)
        run = RunInput(
            makers=pool,
            projects=project_pool,
            seats=tuple(tuple(range(len(p.seats))) for p in project_pool.projects),
            busy={},
        )
        started, cpu = time.perf_counter(), time.process_time()
        result = matching_run(run, settings, RunSettings())
        duration, cpu = time.perf_counter() - started, time.process_time() - cpu
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        seats = sum(len(s) for s in run.seats)
        print(f"\nseed {seed}")
        print(
            f"  rank {len(pool)} makers for one project: median "
            f"{statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
            f"(50 projects)"
        )
        print(
            f"  full run: {duration:.2f} s wall ({cpu:.2f} s CPU), status {result.status.value}, "
            f"gap {result.gap:.4f}, {result.arcs} arcs, {result.repairs} coverage repairs"
        )
        print(
            f"  seats filled: {seats - len(result.unfilled)} of {seats}; "
            f"unassigned makers: {len(result.unassigned)}"
        )
        print(
            f"  total fit: run {result.objective:.2f} vs greedy {result.baseline_objective:.2f} "
            f"({(result.objective / result.baseline_objective - 1) * 100:+.2f} %)"
        )
        print(f"  coverage:  run {result.coverage:.4f} vs greedy {result.baseline_coverage:.4f}")
        print(f"  fit at least greedy's: {result.objective >= result.baseline_objective}")
        print(f"  peak memory: {rss:.0f} MiB process RSS (maximum so far)")


if __name__ == "__main__":
    main()
