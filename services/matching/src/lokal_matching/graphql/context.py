"""Per-request context: the principal, the service, and batched loaders (one query per batch)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from lokal_kit.auth import Principal
from lokal_kit.errors import InvalidInput
from lokal_matching.adapters.repository import pay_tables
from lokal_matching.domain.pay import PayTables
from lokal_matching.domain.placement import Placement
from lokal_matching.domain.proposal import MatchingRunRecord, TeamProposal
from lokal_matching.service.uow import Matching


def parse_id(value: str, field: str = "id") -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput("not a valid id", field=field) from None


class MatchingContext(BaseContext):
    def __init__(self, matching: Matching, principal: Principal) -> None:
        super().__init__()
        self.matching = matching
        self.principal = principal
        self.placements = DataLoader(self._placements)
        self.proposals = DataLoader(self._proposals)
        self.runs = DataLoader(self._runs)
        self.placements_of_project = DataLoader(self._placements_of_projects)
        self.placements_of_person = DataLoader(self._placements_of_persons)
        self.proposals_of_project = DataLoader(self._proposals_of_projects)
        self._pay: PayTables | None = None

    async def pay_tables(self) -> PayTables:
        if self._pay is None:
            async with self.matching.uow().reading() as uow:
                self._pay = await pay_tables(uow.session)
        return self._pay

    async def _placements(self, ids: Sequence[UUID]) -> list[Placement | None]:
        async with self.matching.uow().reading() as uow:
            found = await uow.placements.by_ids(ids)
        return [found.get(i) for i in ids]

    async def _proposals(self, ids: Sequence[UUID]) -> list[TeamProposal | None]:
        async with self.matching.uow().reading() as uow:
            found = await uow.proposals.by_ids(ids)
        return [found.get(i) for i in ids]

    async def _runs(self, ids: Sequence[UUID]) -> list[MatchingRunRecord | None]:
        async with self.matching.uow().reading() as uow:
            found = await uow.runs.by_ids(ids)
        return [found.get(i) for i in ids]

    async def _placements_of_projects(self, ids: Sequence[UUID]) -> list[list[Placement]]:
        async with self.matching.uow().reading() as uow:
            found = await uow.placements.of_projects(ids)
        return _grouped(ids, found, lambda p: p.project_id)

    async def _placements_of_persons(self, ids: Sequence[UUID]) -> list[list[Placement]]:
        async with self.matching.uow().reading() as uow:
            found = await uow.placements.of_persons(ids)
        return _grouped(ids, found, lambda p: p.person_id)

    async def _proposals_of_projects(self, ids: Sequence[UUID]) -> list[list[TeamProposal]]:
        async with self.matching.uow().reading() as uow:
            found = await uow.proposals.of_projects(ids)
        return _grouped(ids, found, lambda p: p.project_id)


def _grouped(ids: Sequence[UUID], items: list[Any], key: Any) -> list[list[Any]]:
    groups: dict[UUID, list[Any]] = {i: [] for i in ids}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [groups[i] for i in ids]
