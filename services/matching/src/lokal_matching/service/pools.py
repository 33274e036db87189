"""The arrays the fit is computed on, rebuilt only when the read models changed."""

from __future__ import annotations

import asyncio

from lokal_matching.adapters.readmodels import MAKERS, PROJECTS, ReadModels
from lokal_matching.domain.pools import MakerArrays, ProjectArrays


class PoolCache:
    def __init__(self) -> None:
        self._makers: tuple[int, MakerArrays] | None = None
        self._projects: tuple[int, ProjectArrays] | None = None
        self._lock = asyncio.Lock()

    async def makers(self, read_models: ReadModels) -> MakerArrays:
        # the revision is read before the rows: a pool is never older than its revision
        revision = await read_models.revision(MAKERS)
        async with self._lock:
            if self._makers is None or self._makers[0] != revision:
                pool = MakerArrays.build(await read_models.selectable_makers())
                self._makers = (revision, pool)
            return self._makers[1]

    async def projects(self, read_models: ReadModels) -> ProjectArrays:
        revision = await read_models.revision(PROJECTS)
        async with self._lock:
            if self._projects is None or self._projects[0] != revision:
                pool = ProjectArrays.build(await read_models.open_projects())
                self._projects = (revision, pool)
            return self._projects[1]
