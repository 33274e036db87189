"""What every resolver gets: who asks, the unit of work, and the request's loaders."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import strawberry
from strawberry.fastapi import BaseContext

from lokal_kit.auth import Principal
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.graphql.loaders import Loaders


class ProjectsContext(BaseContext):
    def __init__(
        self,
        principal: Principal,
        uow_factory: Callable[[], ProjectsUnitOfWork],
        *,
        max_page_size: int,
    ) -> None:
        super().__init__()
        self.principal = principal
        self.uow = uow_factory
        self.max_page_size = max_page_size
        self.loaders = Loaders(uow_factory)


Info: TypeAlias = strawberry.Info[ProjectsContext, None]
