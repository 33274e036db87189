"""What every resolver gets: who is asking, the unit of work, per-request loaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from strawberry.fastapi import BaseContext
from strawberry.types import Info

from lokal_kit.auth import Principal
from lokal_kit.sqltypes import utcnow
from lokal_people.graphql.loaders import Loaders
from lokal_people.service.unit_of_work import PeopleUnitOfWork
from lokal_people.settings import PeopleSettings


@dataclass
class PeopleContext(BaseContext):
    principal: Principal
    uow_factory: Callable[[], PeopleUnitOfWork]
    settings: PeopleSettings
    clock: Callable[[], datetime] = utcnow
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = Loaders(self.uow_factory)

    def uow(self) -> PeopleUnitOfWork:
        return self.uow_factory()

    @property
    def now(self) -> datetime:
        return self.clock()


PeopleInfo = Info[PeopleContext, None]


def context_factory(
    uow_factory: Callable[[], PeopleUnitOfWork], settings: PeopleSettings
) -> Callable[[Principal], PeopleContext]:
    return lambda principal: PeopleContext(principal, uow_factory, settings)
