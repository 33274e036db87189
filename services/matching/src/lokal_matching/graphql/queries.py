"""Matching's root queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry

from lokal_kit.auth import Role
from lokal_kit.errors import InvalidInput, NotFound
from lokal_kit.graphql.pagination import Connection, connection, page_request
from lokal_kit.sqlfilters import one_of
from lokal_matching.adapters.tables import placements
from lokal_matching.graphql.context import MatchingContext, parse_id
from lokal_matching.graphql.placement_types import Placement, PlacementState, placement_of
from lokal_matching.graphql.proposal_types import MatchingRun, TeamProposal, proposal_of, run_of
from lokal_matching.service.access import require_see_placement


def _cursor(after: tuple[Any, ...] | None) -> tuple[datetime, UUID] | None:
    if after is None:
        return None
    try:
        return datetime.fromisoformat(str(after[0])), UUID(str(after[1]))
    except (ValueError, IndexError):
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None


@strawberry.type
class Query:
    @strawberry.field
    async def placement(
        self, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> Placement:
        found = await info.context.placements.load(parse_id(id))
        if found is None:
            raise NotFound("no such placement", placementId=str(id))
        require_see_placement(info.context.principal, found)
        return placement_of(found)

    @strawberry.field
    async def placements(
        self,
        info: strawberry.Info[MatchingContext],
        first: int | None = None,
        after: str | None = None,
        state: PlacementState | None = None,  # type: ignore[valid-type]
        project_id: strawberry.ID | None = None,
    ) -> Connection[Placement]:
        """The programme sees all, a municipality's staff their projects', a maker their own."""
        principal = info.context.principal
        person = principal.require_authenticated()
        settings = info.context.matching.settings
        page = page_request(first, after, cap=settings.max_page_size)
        where: list[Any] = []
        if not principal.is_programme:
            # the same rule as may_see_placement, as SQL
            mine = (placements.c.person_id == person) | (placements.c.mentor_id == person)
            if principal.roles & {Role.MUNICIPALITY, Role.MENTOR}:
                ids = list(principal.municipality_ids)
                mine = mine | one_of(placements.c.municipality_id, ids)
            where.append(mine)
        if state is not None:
            where.append(placements.c.state == state.value)
        if project_id is not None:
            where.append(placements.c.project_id == parse_id(project_id, "projectId"))
        async with info.context.matching.uow().reading() as uow:
            found = await uow.placements.page(
                after=_cursor(page.after), limit=page.fetch, where=where
            )
        return connection([placement_of(p) for p in found], page, lambda n: (n.created_at, n.id))

    @strawberry.field
    async def team_proposal(
        self, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> TeamProposal:
        info.context.principal.require_programme()
        found = await info.context.proposals.load(parse_id(id))
        if found is None:
            raise NotFound("no such team proposal", proposalId=str(id))
        return proposal_of(found)

    @strawberry.field
    async def matching_run(
        self, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> MatchingRun:
        info.context.principal.require_programme()
        found = await info.context.runs.load(parse_id(id))
        if found is None:
            raise NotFound("no such matching run", runId=str(id))
        return run_of(found)

    @strawberry.field
    async def matching_runs(
        self,
        info: strawberry.Info[MatchingContext],
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[MatchingRun]:
        """Newest first (programme team)."""
        info.context.principal.require_programme()
        page = page_request(first, after, cap=info.context.matching.settings.max_page_size)
        async with info.context.matching.uow().reading() as uow:
            found = await uow.runs.page(after=_cursor(page.after), limit=page.fetch)
        return connection([run_of(r) for r in found], page, lambda n: (n.started_at, n.id))
