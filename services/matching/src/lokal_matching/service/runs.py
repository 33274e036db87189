"""The matching run as a use case: gather its inputs, solve, record everything it did."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any
from uuid import UUID, uuid4

from lokal_kit.auth import Principal
from lokal_kit.errors import InvalidInput
from lokal_matching.domain.candidates import RunInput
from lokal_matching.domain.model import Requirement
from lokal_matching.domain.pools import ProjectArrays
from lokal_matching.domain.proposal import (
    MatchingRunRecord,
    ProposalMember,
    ProposalStatus,
    TeamProposal,
)
from lokal_matching.domain.run import ProjectOutcome, RunResult, matching_run
from lokal_matching.domain.team import SolverStatus
from lokal_matching.service.proposals import busy_rows, open_seats, requirement_coverage
from lokal_matching.service.uow import Matching


async def start_run(
    matching: Matching,
    principal: Principal,
    *,
    one_seat_per_municipality: bool = False,
    max_seats_per_state: int | None = None,
) -> MatchingRunRecord:
    principal.require_programme()
    if max_seats_per_state is not None and max_seats_per_state < 1:
        raise InvalidInput("a cap per Land is at least 1", field="maxSeatsPerState")
    fit_settings = matching.settings.fit()
    run_settings = matching.settings.run(
        one_seat_per_municipality=one_seat_per_municipality,
        max_seats_per_state=max_seats_per_state,
    )
    started_at, clock = matching.now(), time.perf_counter()
    async with matching.uow() as uow:
        pool = await matching.pools.makers(uow.read_models)
        holding = await uow.placements.holding()
        projects = [p for p in await uow.read_models.open_projects() if open_seats(p, holding)]
        project_pool = ProjectArrays.build(projects)
        run = RunInput(
            makers=pool,
            projects=project_pool,
            seats=tuple(open_seats(p, holding) for p in project_pool.projects),
            busy=busy_rows(pool, holding),
        )
        result = matching_run(run, fit_settings, run_settings)
        settings_record = {"fit": asdict(fit_settings), "run": asdict(run_settings)}
        inputs = _inputs(run, settings_record)
        record = MatchingRunRecord(
            id=uuid4(),
            status=result.status.value,
            started_at=started_at,
            duration_ms=round((time.perf_counter() - clock) * 1000),
            started_by=principal.person_id,
            objective=result.objective,
            coverage=result.coverage,
            baseline_objective=result.baseline_objective,
            baseline_coverage=result.baseline_coverage,
            gap=result.gap,
            settings=settings_record,
            inputs=inputs,
            outcomes=[_outcome(o) for o in result.projects],
            unfilled_seats=[
                {"project_id": str(project), "seat_index": seat}
                for project, seat in result.unfilled
            ],
        )
        await uow.runs.add(record, _maker_rows(run, result))
        for proposal in _proposals(record, run, result):
            await uow.proposals.add(proposal)
        await uow.commit()
    return record


def _outcome(outcome: ProjectOutcome) -> dict[str, Any]:
    status = outcome.solver_status
    return {
        **asdict(outcome),
        "project_id": str(outcome.project_id),
        "solver_status": status.value if status is not None else None,
    }


def _inputs(run: RunInput, settings: Mapping[str, object]) -> dict[str, object]:
    """What went in, and a digest of it: equal digests, equal runs."""
    makers = [[str(m.person_id), m.version] for m in run.makers.makers]
    projects = [
        [str(p.project_id), p.version, list(seats)]
        for p, seats in zip(run.projects.projects, run.seats, strict=True)
    ]
    busy = sorted([str(run.makers.ids[row]), list(periods)] for row, periods in run.busy.items())
    document = {"makers": makers, "projects": projects, "busy": busy, "settings": settings}
    digest = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    return {
        "digest": digest,
        "maker_count": len(makers),
        "project_count": len(projects),
        "open_seat_count": sum(len(s) for s in run.seats),
        "projects": projects,
    }


def _maker_rows(run: RunInput, result: RunResult) -> list[dict[str, object]]:
    placed = {a.person_id: a for a in result.assignments}
    rows = []
    for maker in run.makers.makers:
        a = placed.get(maker.person_id)
        rows.append(
            {
                "person_id": maker.person_id,
                "version": maker.version,
                "project_id": a.project_id if a else None,
                "seat_index": a.seat_index if a else None,
                "fit": a.fit if a else None,
            }
        )
    return rows


def _proposals(record: MatchingRunRecord, run: RunInput, result: RunResult) -> list[TeamProposal]:
    by_project: dict[UUID, list[ProposalMember]] = {}
    for a in result.assignments:
        by_project.setdefault(a.project_id, []).append(
            ProposalMember(a.person_id, a.seat_index, a.fit)
        )
    proposals = []
    for project, outcome in zip(run.projects.projects, result.projects, strict=True):
        members = by_project.get(project.project_id)
        if not members:
            continue
        held = _held(project.requirements, run, members)
        proposals.append(
            TeamProposal(
                id=uuid4(),
                project_id=project.project_id,
                run_id=record.id,
                status=ProposalStatus.OPEN,
                solver_status=outcome.solver_status or SolverStatus.OPTIMAL,
                total_fit=outcome.total_fit,
                gap=record.gap if outcome.solver_status is SolverStatus.FEASIBLE else 0.0,
                requirements=requirement_coverage(project, held),
                created_at=record.started_at,
                created_by=record.started_by,
                members=tuple(members),
            )
        )
    return proposals


def _held(
    requirements: tuple[Requirement, ...], run: RunInput, members: list[ProposalMember]
) -> tuple[bool, ...]:
    by_id = {m.person_id: m for m in run.makers.makers}
    competences = [by_id[member.person_id].competences for member in members]
    return tuple(
        any(held.get(r.competence_id, 0) >= r.min_level for held in competences)
        for r in requirements
    )
