"""The whole distributed platform (`lokal up`) under faults, while a client keeps using it
through the gateway: the broker away, the database away, one service's API killed, a worker
killed mid-stream. Each test leaves the platform whole again, so the four share one.

RabbitMQ and PostgreSQL are reached through proxies a test can cut: the shared servers are
never stopped. The kit's own tests prove the single mechanisms (outbox during an outage,
redelivery after a crash); these prove that the assembled platform keeps its promises:
reads and writes keep working where they can, every event arrives, none is applied twice.
The 30 s broker outage under heavier load is `bench/faults.py`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from testbed.audit import EventAudit
from testbed.platform import SERVICES, PlatformUnderTest, distributed_platform, proxied
from testbed.traffic import Traffic

from lokal_kit.auth.principal import Role
from lokal_kit.testing.proxy import CuttableProxy
from lokal_kit.testing.waiting import eventually

# the first test also waits for `lokal up`, which takes minutes on a busy 2-core machine
pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq, pytest.mark.timeout(600)]

BROKER_OUTAGE = 10.0
"""Seconds without RabbitMQ; bench/faults.py runs the 30 s variant."""
CONFIRMING = {"projects", "matching", "learning"}
"""The services that confirm an erasure, each with its `<service>.erasure.completed.v1`."""


@dataclass
class Faulty:
    """The platform with the proxies in front of its broker and its database."""

    platform: PlatformUnderTest
    broker: CuttableProxy
    database: CuttableProxy


@pytest.fixture(scope="module")
async def faulty(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: str, amqp_url: str
) -> AsyncIterator[Faulty]:
    async with (
        proxied(amqp_url, 5672) as (broker, proxied_amqp),
        proxied(postgres_server, 5432) as (database, proxied_postgres),
        distributed_platform(
            tmp_path_factory.mktemp("faults") / "run",
            postgres_url=proxied_postgres,
            amqp_url=proxied_amqp,
        ) as platform,
    ):
        yield Faulty(platform, broker, database)


@pytest.fixture
async def platform(faulty: Faulty) -> PlatformUnderTest:
    """The shared platform, whole: every process ready (what the test before left behind)."""
    await all_ready(faulty.platform)
    return faulty.platform


@pytest.fixture
def audit(platform: PlatformUnderTest, postgres_server: str) -> EventAudit:
    return EventAudit(postgres_server, platform.database_prefix, SERVICES)


async def all_ready(platform: PlatformUnderTest, timeout: float = 60) -> None:
    await eventually(
        platform.readiness, lambda s: set(s.values()) == {200}, timeout=timeout, interval=0.5
    )


def pids(platform: PlatformUnderTest) -> dict[str, int]:
    return {p["name"]: p["pid"] for p in platform.processes}


async def every_event_arrived_once(traffic: Traffic, audit: EventAudit) -> None:
    """Every erasure done, confirmed by the three services once each; nothing left waiting."""
    await eventually(traffic.undone, lambda undone: not undone, timeout=120, interval=1)
    states = await traffic.erasure_states()
    assert all(confirmed == sorted(CONFIRMING) for confirmed in states.values()), states
    for service in CONFIRMING:
        announced = await audit.announced(service, f"{service}.erasure.completed.v1")
        ours = {erasure: announced[erasure] for erasure in traffic.erasures}
        assert ours == dict.fromkeys(traffic.erasures, 1), f"{service} confirmed twice"
    # the relay marks an event sent once RabbitMQ confirmed it, which may be after it arrived
    assert await eventually(audit.pending, lambda waiting: not waiting, timeout=30) == {}
    assert await eventually(audit.undelivered, lambda missing: not missing, timeout=30) == {}


async def test_without_the_broker_reads_and_writes_go_on_and_every_event_arrives_after(
    faulty: Faulty, platform: PlatformUnderTest, audit: EventAudit
) -> None:
    before = pids(platform)
    traffic = Traffic(platform)
    async with traffic.running():
        await traffic.wait_for(writes=3)
        faulty.broker.cut()
        cut_at = time.monotonic()
        try:
            statuses = await eventually(
                platform.readiness,
                lambda s: all(
                    s[p["name"]] == 503 for p in platform.processes if p["role"] == "worker"
                ),
                timeout=30,
                interval=0.5,
            )
            assert all(
                statuses[p["name"]] == 200 for p in platform.processes if p["role"] != "worker"
            ), f"the APIs and the gateway do not need the broker: {statuses}"
            await asyncio.sleep(max(0.0, BROKER_OUTAGE - (time.monotonic() - cut_at)))
            accepted_meanwhile = traffic.count("write", since=cut_at)
            waiting = await audit.pending()
        finally:
            faulty.broker.restore()
        assert accepted_meanwhile >= 3, "the writes went on while the broker was away"
        assert waiting.get("people", 0) >= accepted_meanwhile, "held in people's outbox"
        await traffic.wait_for(writes=3, since=time.monotonic())

    assert traffic.failures() == []
    assert traffic.count("read", since=cut_at) > 0
    await every_event_arrived_once(traffic, audit)
    await all_ready(platform)
    assert pids(platform) == before, "everyone reconnected by themselves"


async def test_without_the_database_the_services_turn_unready_and_recover_by_themselves(
    faulty: Faulty, platform: PlatformUnderTest, audit: EventAudit
) -> None:
    before = pids(platform)
    traffic = Traffic(platform, clients=1)
    async with traffic.running():
        await traffic.wait_for(writes=2)
    faulty.database.cut()
    try:
        await eventually(
            platform.readiness,
            lambda s: all(
                s[p["name"]] == 503 for p in platform.processes if p["role"] != "gateway"
            ),
            timeout=30,
            interval=0.5,
        )
        status, body = await platform.client().raw("{ projects(first: 1) { nodes { id } } }")
    finally:
        faulty.database.restore()
    assert status == 200, (status, body)
    assert body["errors"], "a clear answer while the database is away, not a hang"

    await all_ready(platform)
    assert pids(platform) == before, "the same processes, not restarts"
    # the APIs answer and the workers relay and consume again: a new round of erasures
    async with traffic.running():
        await traffic.wait_for(writes=2, since=time.monotonic())
    assert traffic.failures() == []
    await every_event_arrived_once(traffic, audit)


MENTORS = (
    "{ projects(first: 3, filter: {status: PUBLISHED}) { nodes { title mentor { id name } } } }"
)


async def test_with_one_api_killed_the_gateway_answers_the_rest_and_recovers_when_it_is_back(
    platform: PlatformUnderTest,
) -> None:
    programme = platform.client(platform.demo_token("programme-lena", Role.PROGRAMME))
    whole = await programme(MENTORS)
    assert all(node["mentor"]["name"] for node in whole["projects"]["nodes"])

    os.kill(platform.process("people-api-1")["pid"], signal.SIGKILL)
    status, partial = await eventually(
        lambda: programme.raw(MENTORS), lambda answer: bool(answer[1].get("errors")), timeout=30
    )
    assert status == 200
    nodes = partial["data"]["projects"]["nodes"]
    assert [n["title"] for n in nodes] == [n["title"] for n in whole["projects"]["nodes"]]
    assert [n["mentor"] for n in nodes] == [
        {**n["mentor"], "name": None} for n in whole["projects"]["nodes"]
    ], "what projects knows is there, what people knows is null"
    (error,) = partial["errors"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "people"}
    assert error["path"] == ["projects", "nodes"], "the list whose mentors lack their names"
    assert "people" in error["message"]
    # what does not touch people is answered as before
    assert await programme("{ projects(first: 3) { nodes { title } } }")

    gateway = platform.process("gateway")["pid"]
    await platform.restart("people-api-1")
    assert await programme(MENTORS) == whole
    assert platform.process("gateway")["pid"] == gateway, "the gateway recovered by itself"


async def test_a_worker_killed_mid_stream_loses_nothing_and_doubles_nothing_once_restarted(
    platform: PlatformUnderTest, audit: EventAudit
) -> None:
    # people's worker relays the erasures and takes in the confirmations: three per erasure
    traffic = Traffic(platform, clients=3, pause=0.0)
    async with traffic.running():
        await traffic.wait_for(writes=6)
        os.kill(platform.process("people-worker-1")["pid"], signal.SIGKILL)
        killed_at = time.monotonic()
        await traffic.wait_for(writes=6, since=killed_at)
        stranded = await traffic.undone()
        assert stranded, "with people's worker gone, erasures wait"
        await platform.restart("people-worker-1")
        await traffic.wait_for(writes=3, since=time.monotonic())

    assert traffic.failures() == []
    await every_event_arrived_once(traffic, audit)
