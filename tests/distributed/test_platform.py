"""The real services on `lokal up`: a mutation in one service causes an event that another
service's worker handles, and the outcome is visible through the API afterwards; with two
replicas of that worker, the effect happens once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from testbed.platform import PlatformUnderTest, distributed_platform

from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.db import Database
from lokal_kit.testing.servers import sqlalchemy_url
from lokal_kit.testing.waiting import eventually

# the erasure flow: people erases and announces it; projects, matching and learning each
# forget the person and confirm; people shows the erasure done
ERASE = """
mutation Erase($person: ID!) {
  erasePerson(personId: $person) { id pendingServices completedServices { service } }
}"""
STATUS = """
query Status($id: ID!) { erasureRequest(id: $id) { done completedServices { service } } }"""


@pytest.fixture
async def platform(
    tmp_path: Path, postgres_server: str, amqp_url: str
) -> AsyncIterator[PlatformUnderTest]:
    """`lokal up` with the demo data and two replicas of the projects service."""
    async with distributed_platform(
        tmp_path / "run",
        postgres_url=postgres_server,
        amqp_url=amqp_url,
        replicas={"projects": 2},
    ) as running:
        yield running


async def test_an_erasure_in_people_is_applied_once_by_two_projects_workers_and_confirmed_by_all(
    platform: PlatformUnderTest, postgres_server: str
) -> None:
    processes = platform.processes
    assert sorted(p["name"] for p in processes if p["role"] == "worker") == [
        "learning-worker-1", "matching-worker-1", "people-worker-1",
        "projects-worker-1", "projects-worker-2",
    ]  # fmt: skip
    token = platform.demo_token("programme-lena", Role.PROGRAMME)
    mentor = demo_id("person", f"mentor-{next(iter(MUNICIPALITIES))}")

    graphql = platform.client(token)
    erasure = (await graphql(ERASE, person=str(mentor)))["erasePerson"]
    assert "projects" in erasure["pendingServices"]

    async def status() -> dict[str, Any]:
        found: dict[str, Any] = (await graphql(STATUS, id=erasure["id"]))["erasureRequest"]
        return found

    done = await eventually(status, lambda s: s["done"], timeout=90)
    confirmed = sorted(c["service"] for c in done["completedServices"])
    assert confirmed == ["learning", "matching", "projects"]

    projects = Database(sqlalchemy_url(postgres_server, f"{platform.database_prefix}projects"))
    try:
        async with projects.session() as session:
            completions = await session.scalar(
                text(
                    "SELECT count(*) FROM outbox WHERE event_type = 'projects.erasure.completed.v1'"
                    " AND envelope LIKE :erasure"
                ),
                {"erasure": f"%{erasure['id']}%"},
            )
    finally:
        await projects.dispose()
    assert completions == 1, "two competing workers, one effect"
