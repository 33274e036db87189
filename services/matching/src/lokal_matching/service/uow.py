"""Matching's unit of work and what every use case needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Self

from lokal_kit.sqltypes import utcnow
from lokal_kit.uow import UnitOfWork
from lokal_matching.adapters.readmodels import ReadModels
from lokal_matching.adapters.repository import Placements, Proposals, Runs
from lokal_matching.service.pools import PoolCache
from lokal_matching.settings import MatchingSettings


class MatchingUnitOfWork(UnitOfWork):
    read_models: ReadModels
    placements: Placements
    proposals: Proposals
    runs: Runs

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.read_models = ReadModels(self.session)
        self.placements = Placements(self.session)
        self.proposals = Proposals(self.session)
        self.runs = Runs(self.session)
        return self


@dataclass
class Matching:
    """The service's dependencies, built once by the composition root."""

    uow: Callable[[], MatchingUnitOfWork]
    settings: MatchingSettings
    pools: PoolCache = field(default_factory=lambda: PoolCache())
    clock: Callable[[], datetime] = utcnow

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
