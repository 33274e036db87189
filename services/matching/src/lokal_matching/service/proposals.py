"""Candidates, recommendations, team proposals and matching runs: the programme's tools."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

import numpy as np

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from lokal_matching.domain.explanation import FitExplanation, explain
from lokal_matching.domain.fit import fit, rank
from lokal_matching.domain.model import Maker, Project
from lokal_matching.domain.placement import Placement
from lokal_matching.domain.pools import MakerArrays, ProjectArrays
from lokal_matching.domain.proposal import ProposalMember, ProposalStatus, TeamProposal
from lokal_matching.domain.team import TeamProblem, solve_team
from lokal_matching.service.access import require_self_or_programme
from lokal_matching.service.placements import new_placement, open_project
from lokal_matching.service.uow import Matching


@dataclass(frozen=True)
class Candidate:
    maker: Maker
    fit: FitExplanation


@dataclass(frozen=True)
class Recommendation:
    project: Project
    fit: FitExplanation


def _check_first(first: int, cap: int) -> None:
    if not 1 <= first <= cap:
        raise InvalidInput(f"first must be between 1 and {cap}", field="first", max=cap)


async def candidates(
    matching: Matching,
    principal: Principal,
    project_id: UUID,
    *,
    first: int,
    min_score: float,
    include_near_misses: bool,
) -> list[Candidate]:
    principal.require_programme()
    _check_first(first, matching.settings.max_page_size)
    if not 0 <= min_score <= 1:
        raise InvalidInput("minScore lies between 0 and 1", field="minScore")
    settings = matching.settings.fit()
    async with matching.uow().reading() as uow:
        project = await uow.read_models.project(project_id)
        if project is None:
            raise NotFound("no such project is known to matching", projectId=str(project_id))
        pool = await matching.pools.makers(uow.read_models)
    scores = fit(pool, ProjectArrays.build([project]), settings)
    rows = rank(scores, min_score=min_score, include_near_misses=include_near_misses)[:first]
    return [
        Candidate(pool.makers[i], explain(pool.makers[i], project, scores, int(i), settings))
        for i in rows
    ]


async def recommended_projects(
    matching: Matching, principal: Principal, person_id: UUID, *, first: int
) -> list[Recommendation]:
    require_self_or_programme(principal, person_id)
    _check_first(first, matching.settings.max_page_size)
    settings = matching.settings.fit()
    async with matching.uow().reading() as uow:
        maker = await uow.read_models.maker(person_id)
        pool = await matching.pools.projects(uow.read_models)
    if maker is None or not len(pool):
        return []
    scores = fit(MakerArrays.build([maker]), pool, settings)
    rows = rank(scores)[:first]
    return [
        Recommendation(pool.projects[i], explain(maker, pool.projects[i], scores, int(i), settings))
        for i in rows
    ]


def busy_rows(pool: MakerArrays, holding: list[Placement]) -> dict[int, list[tuple[int, int]]]:
    """Maker row → the periods of the placements the maker holds."""
    row_of = {person: row for row, person in enumerate(pool.ids)}
    busy: dict[int, list[tuple[int, int]]] = {}
    for p in holding:
        if p.person_id in row_of:
            busy.setdefault(row_of[p.person_id], []).append(
                (p.starts_on.toordinal(), p.ends_on.toordinal())
            )
    return busy


def open_seats(project: Project, holding: list[Placement]) -> tuple[int, ...]:
    taken = {p.seat_index for p in holding if p.project_id == project.project_id}
    return tuple(i for i in range(len(project.seats)) if i not in taken)


async def propose_team(
    matching: Matching, principal: Principal, project_id: UUID, *, include_near_misses: bool
) -> TeamProposal:
    principal.require_programme()
    settings = matching.settings.fit()
    async with matching.uow() as uow:
        project = await open_project(uow, project_id)
        pool = await matching.pools.makers(uow.read_models)
        holding = await uow.placements.holding()
        seats = open_seats(project, holding)
        if not seats:
            raise Conflict("every seat of this project is taken or proposed already")
        single = ProjectArrays.build([project])
        scores = fit(pool, single, settings)
        usable = scores.eligible | (scores.near_miss if include_near_misses else False)
        first, last = int(single.first[0]), int(single.last[0])
        for row, periods in busy_rows(pool, holding).items():
            if any(a <= last and first <= b for a, b in periods):
                usable[row] = False
        rows = np.flatnonzero(usable)
        width = len(project.requirements)
        problem = TeamProblem(
            size=len(seats),
            must_have=tuple(r.must_have for r in project.requirements),
            fits=scores.score[rows],
            covers=scores.covered[:width, rows].T,
        )
        solution = solve_team(problem, time_limit=matching.settings.team_time_limit)
        proposal = TeamProposal(
            id=uuid4(),
            project_id=project.project_id,
            run_id=None,
            status=ProposalStatus.OPEN,
            solver_status=solution.status,
            total_fit=solution.total_fit,
            gap=solution.gap,
            requirements=requirement_coverage(project, solution.covered),
            created_at=matching.now(),
            created_by=principal.person_id,
            members=tuple(
                ProposalMember(pool.ids[int(rows[k])], seat, float(problem.fits[k]))
                for seat, k in zip(seats, solution.members, strict=False)
            ),
        )
        await uow.proposals.add(proposal)
        await uow.commit()
    return proposal


def requirement_coverage(project: Project, covered: tuple[bool, ...]) -> list[dict[str, object]]:
    return [
        {
            "competence_id": r.competence_id,
            "min_level": r.min_level,
            "must_have": r.must_have,
            "covered": bool(covered[k]) if k < len(covered) else False,
        }
        for k, r in enumerate(project.requirements)
    ]


async def adopt_proposal(
    matching: Matching, principal: Principal, proposal_id: UUID
) -> list[Placement]:
    """People decide: the proposal's members become proposed placements, all or none."""
    principal.require_programme()
    async with matching.uow() as uow:
        proposal = (await uow.proposals.by_ids([proposal_id])).get(proposal_id)
        if proposal is None:
            raise NotFound("no such team proposal", proposalId=str(proposal_id))
        if proposal.status is not ProposalStatus.OPEN:
            raise IllegalTransition("team proposal", proposal.status.value, "adopt")
        project = await open_project(uow, proposal.project_id)
        placements = [
            await new_placement(matching, uow, project, m.person_id, m.seat_index, proposal.id)
            for m in proposal.members
        ]
        await uow.proposals.set_status([proposal.id], ProposalStatus.ADOPTED.value)
        await uow.commit()
    return placements
