"""Placements, team proposals and matching runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any
from uuid import UUID

from sqlalchemy import delete, literal, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.sqlfilters import one_of
from lokal_matching.adapters.tables import (
    matching_runs,
    pay_rates,
    placements,
    proposal_members,
    run_makers,
    team_proposals,
)
from lokal_matching.domain.pay import PayRate, PayTables
from lokal_matching.domain.placement import (
    HOLDS_MAKER,
    HOLDS_SEAT,
    Placement,
    PlacementOutcome,
    PlacementState,
)
from lokal_matching.domain.proposal import MatchingRunRecord, ProposalMember, TeamProposal


def placement_from_row(row: Any) -> Placement:
    values = dict(row._mapping)
    values["state"] = PlacementState(values["state"])
    values["outcome"] = PlacementOutcome(values["outcome"]) if values["outcome"] else None
    return Placement(**values)


def placement_row(placement: Placement) -> dict[str, Any]:
    values = asdict(placement)
    values["state"] = placement.state.value
    values["outcome"] = placement.outcome.value if placement.outcome else None
    return values


class Placements:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, placement_id: UUID, *, for_update: bool = False) -> Placement | None:
        statement = select(placements).where(placements.c.id == placement_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self.session.execute(statement)).first()
        return placement_from_row(row) if row else None

    async def by_ids(self, ids: Sequence[UUID]) -> dict[UUID, Placement]:
        rows = await self.session.execute(select(placements).where(one_of(placements.c.id, ids)))
        return {row.id: placement_from_row(row) for row in rows}

    async def add(self, placement: Placement) -> None:
        await self.session.execute(placements.insert().values(placement_row(placement)))

    async def save(self, placement: Placement) -> None:
        values = placement_row(placement)
        await self.session.execute(
            update(placements).where(placements.c.id == placement.id).values(values)
        )

    async def of_projects(self, project_ids: Sequence[UUID]) -> list[Placement]:
        rows = await self.session.execute(
            select(placements)
            .where(one_of(placements.c.project_id, project_ids))
            .order_by(placements.c.seat_index, placements.c.created_at, placements.c.id)
        )
        return [placement_from_row(row) for row in rows]

    async def of_persons(self, person_ids: Sequence[UUID]) -> list[Placement]:
        rows = await self.session.execute(
            select(placements)
            .where(one_of(placements.c.person_id, person_ids))
            .order_by(placements.c.starts_on, placements.c.id)
        )
        return [placement_from_row(row) for row in rows]

    async def holding(self) -> list[Placement]:
        """Every placement that keeps its maker (and maybe its seat) from others."""
        rows = await self.session.execute(
            select(placements).where(placements.c.state.in_([s.value for s in HOLDS_MAKER]))
        )
        return [placement_from_row(row) for row in rows]

    async def seat_holder(self, project_id: UUID, seat_index: int) -> Placement | None:
        row = (
            await self.session.execute(
                select(placements).where(
                    placements.c.project_id == project_id,
                    placements.c.seat_index == seat_index,
                    placements.c.state.in_([s.value for s in HOLDS_SEAT]),
                )
            )
        ).first()
        return placement_from_row(row) if row else None

    async def page(
        self, *, after: tuple[Any, ...] | None, limit: int, where: Sequence[Any]
    ) -> list[Placement]:
        statement = select(placements).where(*where)
        if after is not None:
            created, placement_id = after
            statement = statement.where(
                tuple_(placements.c.created_at, placements.c.id)
                > tuple_(literal(created), literal(placement_id))
            )
        statement = statement.order_by(placements.c.created_at, placements.c.id).limit(limit)
        return [placement_from_row(row) for row in await self.session.execute(statement)]


class Proposals:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, proposal: TeamProposal) -> None:
        values = asdict(proposal)
        members = values.pop("members")
        values["status"] = proposal.status.value
        values["solver_status"] = proposal.solver_status.value
        await self.session.execute(team_proposals.insert().values(values))
        if members:
            await self.session.execute(
                proposal_members.insert().values(
                    [{"proposal_id": proposal.id, **member} for member in members]
                )
            )

    async def by_ids(self, ids: Sequence[UUID]) -> dict[UUID, TeamProposal]:
        rows = list(
            await self.session.execute(
                select(team_proposals).where(one_of(team_proposals.c.id, ids))
            )
        )
        return await self._assemble(rows)

    async def of_projects(self, project_ids: Sequence[UUID]) -> list[TeamProposal]:
        rows = list(
            await self.session.execute(
                select(team_proposals)
                .where(one_of(team_proposals.c.project_id, project_ids))
                .order_by(team_proposals.c.created_at.desc(), team_proposals.c.id)
            )
        )
        return list((await self._assemble(rows)).values())

    async def of_runs(self, run_ids: Sequence[UUID]) -> list[TeamProposal]:
        rows = list(
            await self.session.execute(
                select(team_proposals)
                .where(one_of(team_proposals.c.run_id, run_ids))
                .order_by(team_proposals.c.project_id)
            )
        )
        return list((await self._assemble(rows)).values())

    async def set_status(self, proposal_ids: Sequence[UUID], status: str) -> None:
        await self.session.execute(
            update(team_proposals)
            .where(one_of(team_proposals.c.id, proposal_ids))
            .values(status=status)
        )

    async def of_person(self, person_id: UUID) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(proposal_members, team_proposals.c.project_id, team_proposals.c.created_at)
            .join(team_proposals, team_proposals.c.id == proposal_members.c.proposal_id)
            .where(proposal_members.c.person_id == person_id)
        )
        return [dict(row._mapping) for row in rows]

    async def forget_person(self, person_id: UUID) -> None:
        await self.session.execute(
            delete(proposal_members).where(proposal_members.c.person_id == person_id)
        )

    async def _assemble(self, rows: list[Any]) -> dict[UUID, TeamProposal]:
        if not rows:
            return {}
        members: dict[UUID, list[ProposalMember]] = {row.id: [] for row in rows}
        found = await self.session.execute(
            select(proposal_members)
            .where(one_of(proposal_members.c.proposal_id, list(members)))
            .order_by(proposal_members.c.seat_index)
        )
        for m in found:
            members[m.proposal_id].append(ProposalMember(m.person_id, m.seat_index, m.fit))
        return {
            row.id: TeamProposal.from_row(dict(row._mapping), tuple(members[row.id]))
            for row in rows
        }


class Runs:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, run: MatchingRunRecord, makers: list[dict[str, Any]]) -> None:
        await self.session.execute(matching_runs.insert().values(asdict(run)))
        if makers:
            await self.session.execute(
                run_makers.insert().values([{"run_id": run.id, **m} for m in makers])
            )

    async def by_ids(self, ids: Sequence[UUID]) -> dict[UUID, MatchingRunRecord]:
        rows = await self.session.execute(
            select(matching_runs).where(one_of(matching_runs.c.id, ids))
        )
        return {row.id: MatchingRunRecord(**dict(row._mapping)) for row in rows}

    async def page(self, *, after: tuple[Any, ...] | None, limit: int) -> list[MatchingRunRecord]:
        statement = select(matching_runs)
        if after is not None:
            started, run_id = after
            statement = statement.where(
                tuple_(matching_runs.c.started_at, matching_runs.c.id)
                < tuple_(literal(started), literal(run_id))
            )
        statement = statement.order_by(
            matching_runs.c.started_at.desc(), matching_runs.c.id.desc()
        ).limit(limit)
        return [
            MatchingRunRecord(**dict(row._mapping)) for row in await self.session.execute(statement)
        ]

    async def makers_of(self, run_id: UUID) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(run_makers).where(run_makers.c.run_id == run_id).order_by(run_makers.c.person_id)
        )
        return [dict(row._mapping) for row in rows]

    async def of_person(self, person_id: UUID) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(run_makers).where(run_makers.c.person_id == person_id)
        )
        return [dict(row._mapping) for row in rows]

    async def forget_person(self, person_id: UUID) -> None:
        await self.session.execute(delete(run_makers).where(run_makers.c.person_id == person_id))


async def pay_tables(session: AsyncSession) -> PayTables:
    rows = await session.execute(select(pay_rates))
    return PayTables(
        PayRate(r.valid_from, r.valid_to, r.pay_group, r.step, r.monthly_gross_eur) for r in rows
    )
