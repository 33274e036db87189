"""The real services on `lokal up`: a mutation in one service causes an event that another
service's worker handles, and the outcome is visible through the API afterwards; with two
replicas of that worker, the effect happens once."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from testbed.processes import run_lokal

from lokal_cli.registry import installed_services
from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys
from lokal_kit.db import Database
from lokal_kit.settings import ServiceSettings
from lokal_kit.testing.servers import sqlalchemy_url
from lokal_kit.testing.waiting import eventually

from .conftest import delete_namespace

# the erasure flow: people erases and announces it; projects, matching and learning each
# forget the person and confirm; people shows the erasure done
SERVICES = ("people", "projects", "matching", "learning")
ERASE = """
mutation Erase($person: ID!) {
  erasePerson(personId: $person) { id pendingServices completedServices { service } }
}"""
STATUS = """
query Status($id: ID!) { erasureRequest(id: $id) { done completedServices { service } } }"""


@pytest.fixture
async def platform(
    tmp_path: Path, postgres_server: str, amqp_url: str, database_prefix: str
) -> AsyncIterator[dict[str, Any]]:
    """`lokal up` with the demo data and two replicas of the projects service."""
    run_dir = tmp_path / "run"
    namespace = f"t{uuid.uuid4().hex[:10]}"
    code, output = await run_lokal(
        "up", *SERVICES, "--run-dir", str(run_dir), "--replicas", "projects=2",
        "--base-port", "0", "--port", "0", "--namespace", namespace,
        "--database-prefix", database_prefix, "--postgres-url", postgres_server,
        "--amqp-url", amqp_url,
    )  # fmt: skip
    try:
        assert code == 0, output
        processes = json.loads((run_dir / "state.json").read_text())["processes"]
        yield {"run_dir": run_dir, "processes": processes, "prefix": database_prefix}
    finally:
        code, output = await run_lokal("down", "--run-dir", str(run_dir))
        consumers = [
            s.name
            for name in SERVICES
            for s in installed_services()[name].bootstrap(ServiceSettings()).subscriptions
        ]
        await delete_namespace(amqp_url, namespace, consumers)
    assert code == 0, output


def entry_point(processes: list[dict[str, Any]]) -> str:
    """Where a client sends its requests: the gateway."""
    (gateway,) = [p for p in processes if p["role"] == "gateway"]
    return f"http://127.0.0.1:{gateway['port']}/graphql"


async def test_an_erasure_in_people_is_applied_once_by_two_projects_workers_and_confirmed_by_all(
    platform: dict[str, Any], postgres_server: str
) -> None:
    processes = platform["processes"]
    assert sorted(p["name"] for p in processes if p["role"] == "worker") == [
        "learning-worker-1", "matching-worker-1", "people-worker-1",
        "projects-worker-1", "projects-worker-2",
    ]  # fmt: skip
    settings = ServiceSettings()
    token = TokenIssuer(
        development_keys(platform["run_dir"])[0],
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    ).issue(demo_id("person", "programme-lena"), [Role.PROGRAMME])
    mentor = demo_id("person", f"mentor-{next(iter(MUNICIPALITIES))}")
    url = entry_point(processes)

    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}) as client:

        async def graphql(query: str, **variables: object) -> dict[str, Any]:
            answer = await client.post(url, json={"query": query, "variables": variables})
            body: dict[str, Any] = answer.json()
            assert answer.status_code == 200, body
            assert "errors" not in body, body
            return body["data"]

        erasure = (await graphql(ERASE, person=str(mentor)))["erasePerson"]
        assert "projects" in erasure["pendingServices"]

        async def status() -> dict[str, Any]:
            found: dict[str, Any] = (await graphql(STATUS, id=erasure["id"]))["erasureRequest"]
            return found

        done = await eventually(status, lambda s: s["done"], timeout=90)
        confirmed = sorted(c["service"] for c in done["completedServices"])
        assert confirmed == ["learning", "matching", "projects"]

    projects = Database(sqlalchemy_url(postgres_server, f"{platform['prefix']}projects"))
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
