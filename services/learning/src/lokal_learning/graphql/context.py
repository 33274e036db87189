"""What every resolver gets: who asks, the use cases' runtime, the request's loaders."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import strawberry
from strawberry.fastapi import BaseContext

from lokal_kit.auth import Principal
from lokal_kit.errors import InvalidInput
from lokal_learning.graphql.loaders import Loaders
from lokal_learning.service.unit_of_work import Runtime


class LearningContext(BaseContext):
    """Strawberry's FastAPI router accepts only a `BaseContext` as a custom context."""

    def __init__(self, principal: Principal, rt: Runtime, loaders: Loaders) -> None:
        super().__init__()
        self.principal = principal
        self.rt = rt
        self.loaders = loaders


def context_factory(rt: Runtime) -> Callable[[Principal], LearningContext]:
    def build(principal: Principal) -> LearningContext:
        return LearningContext(principal=principal, rt=rt, loaders=Loaders(rt, principal))

    return build


Info = strawberry.Info[LearningContext, None]


def parse_id(value: str, field: str = "id") -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput("not a valid id", field=field) from None
