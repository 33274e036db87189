"""Team proposals and matching runs: the programme team's view of what the solvers found."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from lokal_kit.errors import NotFound
from lokal_matching.domain import proposal as domain
from lokal_matching.domain.run import RunStatus
from lokal_matching.domain.team import SolverStatus
from lokal_matching.graphql.context import MatchingContext, parse_id

if TYPE_CHECKING:
    from lokal_matching.graphql.stubs import Competence, Person, Project

Stubs = "lokal_matching.graphql.stubs"

TeamProposalStatus = strawberry.enum(domain.ProposalStatus, name="TeamProposalStatus")
MatchingSolverStatus = strawberry.enum(SolverStatus, name="MatchingSolverStatus")
MatchingRunStatus = strawberry.enum(RunStatus, name="MatchingRunStatus")


def _person(person_id: Any) -> Any:
    from lokal_matching.graphql.stubs import Person

    return Person(id=strawberry.ID(str(person_id)))


def _project(project_id: Any) -> Any:
    from lokal_matching.graphql.stubs import Project

    return Project(id=strawberry.ID(str(project_id)))


@strawberry.type
class TeamProposalMember:
    seat_index: int
    fit: float
    person_id: strawberry.Private[str]

    @strawberry.field
    def person(self) -> Annotated[Person, strawberry.lazy(Stubs)]:
        return _person(self.person_id)  # type: ignore[no-any-return]


@strawberry.type
class TeamRequirementCoverage:
    min_level: int
    must_have: bool
    covered: bool = strawberry.field(description="A member holds it at the required level.")
    competence_id: strawberry.Private[str]

    @strawberry.field
    def competence(self) -> Annotated[Competence, strawberry.lazy(Stubs)]:
        from lokal_matching.graphql.stubs import Competence

        return Competence(id=strawberry.ID(self.competence_id))


@strawberry.type
class TeamCoverage:
    must_have_covered: int
    must_have_total: int
    nice_to_have_covered: int
    nice_to_have_total: int
    ratio: float = strawberry.field(description="Covered requirements over all requirements.")
    requirements: list[TeamRequirementCoverage]


@strawberry.federation.type(keys=["id"], description="A proposed team for one project.")
class TeamProposal:
    id: strawberry.ID
    status: TeamProposalStatus  # type: ignore[valid-type]
    solver_status: MatchingSolverStatus  # type: ignore[valid-type]
    total_fit: float
    gap: float = strawberry.field(description="Relative distance from the proven best, 0 = best.")
    created_at: datetime.datetime
    members: list[TeamProposalMember]
    coverage: TeamCoverage
    record: strawberry.Private[domain.TeamProposal]

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy(Stubs)]:
        return _project(self.record.project_id)  # type: ignore[no-any-return]

    @strawberry.field
    async def run(self, info: strawberry.Info[MatchingContext]) -> MatchingRun | None:
        if self.record.run_id is None:
            return None
        found = await info.context.runs.load(self.record.run_id)
        return run_of(found) if found else None

    @classmethod
    async def resolve_reference(
        cls, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> TeamProposal:
        info.context.principal.require_programme()
        found = await info.context.proposals.load(parse_id(id))
        if found is None:
            raise NotFound("no such team proposal", proposalId=str(id))
        return proposal_of(found)


def proposal_of(p: domain.TeamProposal) -> TeamProposal:
    must, nice = p.count(must_have=True), p.count(must_have=False)
    total = must[1] + nice[1]
    return TeamProposal(
        id=strawberry.ID(str(p.id)),
        status=p.status,
        solver_status=p.solver_status,
        total_fit=p.total_fit,
        gap=p.gap,
        created_at=p.created_at,
        members=[
            TeamProposalMember(seat_index=m.seat_index, fit=m.fit, person_id=str(m.person_id))
            for m in p.members
        ],
        coverage=TeamCoverage(
            must_have_covered=must[0],
            must_have_total=must[1],
            nice_to_have_covered=nice[0],
            nice_to_have_total=nice[1],
            ratio=(must[0] + nice[0]) / total if total else 1.0,
            requirements=[
                TeamRequirementCoverage(
                    min_level=r["min_level"],
                    must_have=r["must_have"],
                    covered=r["covered"],
                    competence_id=r["competence_id"],
                )
                for r in p.requirements
            ],
        ),
        record=p,
    )


@strawberry.type
class MatchingRunProjectOutcome:
    open_seats: int
    filled: int
    must_have_covered: int
    must_have_total: int
    nice_to_have_covered: int
    nice_to_have_total: int
    total_fit: float
    repaired: bool = strawberry.field(description="CP-SAT re-chose the team for coverage.")
    solver_status: MatchingSolverStatus | None  # type: ignore[valid-type]
    project_id: strawberry.Private[str]

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy(Stubs)]:
        return _project(self.project_id)  # type: ignore[no-any-return]


@strawberry.type
class MatchingRunUnfilledSeat:
    seat_index: int
    project_id: strawberry.Private[str]

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy(Stubs)]:
        return _project(self.project_id)  # type: ignore[no-any-return]


@strawberry.federation.type(keys=["id"], description="One assignment over all open projects.")
class MatchingRun:
    id: strawberry.ID
    status: MatchingRunStatus = strawberry.field(  # type: ignore[valid-type]
        description="FEASIBLE when a time limit stopped a repair; see gap."
    )
    started_at: datetime.datetime
    duration_ms: int
    total_fit: float
    coverage: float
    baseline_total_fit: float = strawberry.field(description="Greedy baseline, same input.")
    baseline_coverage: float
    gap: float
    settings: JSON
    input_digest: str = strawberry.field(description="Equal digests: equal inputs and settings.")
    maker_count: int
    project_count: int
    open_seat_count: int
    projects: list[MatchingRunProjectOutcome]
    unfilled_seats: list[MatchingRunUnfilledSeat]
    record: strawberry.Private[domain.MatchingRunRecord]

    @strawberry.field
    async def unassigned_makers(
        self, info: strawberry.Info[MatchingContext]
    ) -> list[Annotated[Person, strawberry.lazy(Stubs)]]:
        async with info.context.matching.uow().reading() as uow:
            rows = await uow.runs.makers_of(self.record.id)
        return [_person(r["person_id"]) for r in rows if r["project_id"] is None]

    @strawberry.field
    async def proposals(self, info: strawberry.Info[MatchingContext]) -> list[TeamProposal]:
        async with info.context.matching.uow().reading() as uow:
            found = await uow.proposals.of_runs([self.record.id])
        return [proposal_of(p) for p in found]

    @classmethod
    async def resolve_reference(
        cls, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> MatchingRun:
        info.context.principal.require_programme()
        found = await info.context.runs.load(parse_id(id))
        if found is None:
            raise NotFound("no such matching run", runId=str(id))
        return run_of(found)


def run_of(r: domain.MatchingRunRecord) -> MatchingRun:
    outcomes = [
        MatchingRunProjectOutcome(
            open_seats=o["open_seats"],
            filled=o["filled"],
            must_have_covered=o["must_have_covered"],
            must_have_total=o["must_have_total"],
            nice_to_have_covered=o["nice_to_have_covered"],
            nice_to_have_total=o["nice_to_have_total"],
            total_fit=o["total_fit"],
            repaired=o["repaired"],
            solver_status=SolverStatus(o["solver_status"]) if o["solver_status"] else None,
            project_id=o["project_id"],
        )
        for o in r.outcomes
    ]
    return MatchingRun(
        id=strawberry.ID(str(r.id)),
        status=RunStatus(r.status),
        started_at=r.started_at,
        duration_ms=r.duration_ms,
        total_fit=r.objective,
        coverage=r.coverage,
        baseline_total_fit=r.baseline_objective,
        baseline_coverage=r.baseline_coverage,
        gap=r.gap,
        settings=cast(JSON, r.settings),
        input_digest=r.inputs["digest"],
        maker_count=r.inputs["maker_count"],
        project_count=r.inputs["project_count"],
        open_seat_count=r.inputs["open_seat_count"],
        projects=outcomes,
        unfilled_seats=[
            MatchingRunUnfilledSeat(seat_index=s["seat_index"], project_id=s["project_id"])
            for s in r.unfilled_seats
        ],
        record=r,
    )
