"""One embedded platform for the whole matrix, with its subjects built once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from testbed.platform import embedded_platform

from .world import World


@pytest.fixture(scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    async with embedded_platform(tmp_path_factory.mktemp("authorisation")) as platform:
        built = World(platform)
        await built.build()
        yield built
