"""The learning service's unit of work and what every use case runs with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Self

from lokal_kit.uow import UnitOfWork
from lokal_learning.adapters.curricula import Curricula
from lokal_learning.adapters.enrollments import Enrollments
from lokal_learning.adapters.persons import Persons
from lokal_learning.adapters.sessions import Sessions
from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE
from lokal_learning.settings import LearningSettings


class LearningUnitOfWork(UnitOfWork):
    curricula: Curricula
    sessions: Sessions
    enrollments: Enrollments
    persons: Persons

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.curricula = Curricula(self.session)
        self.sessions = Sessions(self.session)
        self.enrollments = Enrollments(self.session)
        self.persons = Persons(self.session)
        return self


@dataclass(frozen=True)
class Runtime:
    """What use cases run with: transactions, the clock, the settings."""

    uow_factory: Callable[[], LearningUnitOfWork]
    clock: Callable[[], datetime]
    settings: LearningSettings

    def today(self) -> date:
        """The programme's date, in Germany."""
        return self.clock().astimezone(PROGRAMME_TIME_ZONE).date()
