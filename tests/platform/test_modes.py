"""The platform fixture starts both modes, and each answers through its gateway and subgraphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from testbed.platform import PlatformUnderTest, distributed_platform, embedded_platform

from lokal_kit.auth.principal import Role

QUERY = "{ projects(first: 1, filter: {status: PUBLISHED}) { nodes { title } } }"


async def answers(platform: PlatformUnderTest) -> None:
    data = await platform.client()(QUERY)
    assert data["projects"]["nodes"], "the demo data publishes projects"
    programme = platform.demo_token("programme-lena", Role.PROGRAMME)
    for name, url in platform.subgraph_urls.items():
        sdl = await platform.client(programme, url)("{ _service { sdl } }")
        assert "@key" in sdl["_service"]["sdl"], name


async def test_the_embedded_platform_answers(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        assert sorted(platform.subgraph_urls) == ["learning", "matching", "people", "projects"]
        await answers(platform)


@pytest.mark.postgres
@pytest.mark.rabbitmq
async def test_the_distributed_platform_answers(
    tmp_path: Path, postgres_server: str, amqp_url: str
) -> None:
    async with distributed_platform(
        tmp_path / "run", postgres_url=postgres_server, amqp_url=amqp_url
    ) as platform:
        assert {p["role"] for p in platform.processes} == {"api", "worker", "gateway"}
        await answers(platform)
