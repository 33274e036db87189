"""Matching's mutations: solvers for the programme team, the lifecycle for everyone involved."""

from __future__ import annotations

import datetime

import strawberry

from lokal_matching.domain import placement as domain
from lokal_matching.graphql.context import MatchingContext, parse_id
from lokal_matching.graphql.placement_types import Placement, PlacementOutcome, placement_of
from lokal_matching.graphql.proposal_types import MatchingRun, TeamProposal, proposal_of, run_of
from lokal_matching.service import placements, proposals, runs

Info = strawberry.Info[MatchingContext]


@strawberry.input
class StartMatchingRunInput:
    one_seat_per_municipality: bool = strawberry.field(
        default=False, description="First give every municipality one seat where it can."
    )
    max_seats_per_state: int | None = strawberry.field(
        default=None, description="At most this many seats per Land."
    )


@strawberry.input
class ProposePlacementInput:
    project_id: strawberry.ID
    person_id: strawberry.ID
    seat_index: int


@strawberry.input
class EndPlacementInput:
    id: strawberry.ID
    outcome: PlacementOutcome  # type: ignore[valid-type]
    ended_on: datetime.date
    reason: str | None = strawberry.field(default=None, description="Required when ended early.")


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def propose_team(
        self, info: Info, project_id: strawberry.ID, include_near_misses: bool = False
    ) -> TeamProposal:
        c = info.context
        found = await proposals.propose_team(
            c.matching,
            c.principal,
            parse_id(project_id, "projectId"),
            include_near_misses=include_near_misses,
        )
        return proposal_of(found)

    @strawberry.mutation
    async def start_matching_run(
        self, info: Info, input: StartMatchingRunInput | None = None
    ) -> MatchingRun:
        options = input or StartMatchingRunInput()
        record = await runs.start_run(
            info.context.matching,
            info.context.principal,
            one_seat_per_municipality=options.one_seat_per_municipality,
            max_seats_per_state=options.max_seats_per_state,
        )
        return run_of(record)

    @strawberry.mutation
    async def adopt_team_proposal(self, info: Info, id: strawberry.ID) -> list[Placement]:
        c = info.context
        made = await proposals.adopt_proposal(c.matching, c.principal, parse_id(id))
        return [placement_of(p) for p in made]

    @strawberry.mutation
    async def propose_placement(self, info: Info, input: ProposePlacementInput) -> Placement:
        c = info.context
        made = await placements.propose_placement(
            c.matching,
            c.principal,
            parse_id(input.project_id, "projectId"),
            parse_id(input.person_id, "personId"),
            input.seat_index,
        )
        return placement_of(made)

    @strawberry.mutation
    async def accept_placement(self, info: Info, id: strawberry.ID) -> Placement:
        c = info.context
        return placement_of(
            await placements.accept_placement(c.matching, c.principal, parse_id(id))
        )

    @strawberry.mutation
    async def decline_placement(
        self, info: Info, id: strawberry.ID, reason: str | None = None
    ) -> Placement:
        c = info.context
        done = await placements.decline_placement(c.matching, c.principal, parse_id(id), reason)
        return placement_of(done)

    @strawberry.mutation
    async def withdraw_placement(self, info: Info, id: strawberry.ID, reason: str) -> Placement:
        c = info.context
        done = await placements.withdraw_placement(c.matching, c.principal, parse_id(id), reason)
        return placement_of(done)

    @strawberry.mutation
    async def confirm_placement(self, info: Info, id: strawberry.ID) -> Placement:
        c = info.context
        done = await placements.confirm_placement(c.matching, c.principal, parse_id(id))
        return placement_of(done)

    @strawberry.mutation
    async def activate_placement(self, info: Info, id: strawberry.ID) -> Placement:
        c = info.context
        done = await placements.activate_placement(c.matching, c.principal, parse_id(id))
        return placement_of(done)

    @strawberry.mutation
    async def end_placement(self, info: Info, input: EndPlacementInput) -> Placement:
        c = info.context
        done = await placements.end_placement(
            c.matching,
            c.principal,
            parse_id(input.id),
            domain.PlacementOutcome(input.outcome),
            input.ended_on,
            input.reason,
        )
        return placement_of(done)

    @strawberry.mutation
    async def override_placement_step(
        self, info: Info, id: strawberry.ID, step: int, reason: str
    ) -> Placement:
        c = info.context
        done = await placements.override_step(c.matching, c.principal, parse_id(id), step, reason)
        return placement_of(done)

    @strawberry.mutation
    async def assign_placement_mentor(
        self, info: Info, id: strawberry.ID, mentor_id: strawberry.ID
    ) -> Placement:
        c = info.context
        done = await placements.assign_mentor(
            c.matching, c.principal, parse_id(id), parse_id(mentor_id, "mentorId")
        )
        return placement_of(done)
