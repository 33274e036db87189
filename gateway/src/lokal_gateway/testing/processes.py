"""Subgraphs as separate processes, for the benchmark and for tests across real processes.

`miniature`: the gateway's four test subgraphs. `services`: the installed services, each with
its own migrated PostgreSQL database, its worker on RabbitMQ, the demo data seeded and its
events settled, and its API process (`lokal serve`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import asyncpg
import httpx

from lokal_gateway.testing.serving import free_port

ROOT = Path(__file__).resolve().parents[4]
MINIATURE = ("sites", "crew", "teams", "training")
LOKAL = str(Path(sys.executable).with_name("lokal"))
POSTGRES = os.environ.get("LOKAL_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/postgres")
AMQP = os.environ.get("LOKAL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


@dataclass
class RunningPlatform:
    urls: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    """What a gateway process needs to verify the tokens the subgraphs accept."""
    headers: dict[str, str] = field(default_factory=dict)
    """Headers every benchmark request sends (a programme-team token for the services)."""


class Processes:
    def __init__(self) -> None:
        self.children: list[subprocess.Popen[bytes]] = []

    def start(self, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        child = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL
        )
        self.children.append(child)
        return child

    def stop(self) -> None:
        for child in reversed(self.children):
            child.terminate()
        for child in self.children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def answers(url: str, child: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Wait until a GraphQL endpoint answers."""
    _poll(lambda: httpx.post(url, json={"query": "{ __typename }"}, timeout=2), url, child, timeout)


def ready(url: str, child: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Wait until a health endpoint says ready."""
    _poll(lambda: httpx.get(url, timeout=2), url, child, timeout)


def _poll(
    probe: Callable[[], httpx.Response], url: str, child: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the process behind {url} exited with {child.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if probe().status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


@contextlib.contextmanager
def start_subgraphs(kind: str, scratch: Path) -> Iterator[RunningPlatform]:
    processes = Processes()
    try:
        if kind == "miniature":
            yield _miniature(processes)
        else:
            with _services(processes, scratch) as platform:
                yield platform
    finally:
        processes.stop()


def _miniature(processes: Processes) -> RunningPlatform:
    urls = {}
    for name in MINIATURE:
        port = free_port()
        child = processes.start(
            [sys.executable, "-m", "lokal_gateway.testing", name, str(port)], {}
        )
        urls[name] = f"http://127.0.0.1:{port}/graphql"
        answers(urls[name], child)
    return RunningPlatform(urls)


@contextlib.contextmanager
def _services(processes: Processes, scratch: Path) -> Iterator[RunningPlatform]:
    from lokal_cli.registry import installed_services
    from lokal_kit.auth.principal import Role
    from lokal_kit.auth.tokens import TokenIssuer, development_keys
    from lokal_kit.settings import ServiceSettings

    names = list(installed_services())
    if not names:
        raise SystemExit("no service is installed: use --subgraphs miniature")
    run = uuid.uuid4().hex[:8]
    databases = {name: f"lokal_bench_{run}_{name}" for name in names}
    asyncio.run(_databases(databases.values(), create=True))
    env = {
        "LOKAL_DATA_DIR": str(scratch),
        "LOKAL_BROKER": "rabbitmq",
        "LOKAL_AMQP_URL": AMQP,
        "LOKAL_EVENTS_NAMESPACE": f"bench{run}",
        "LOKAL_LOG_LEVEL": "WARNING",
        **{
            f"LOKAL_{name.upper()}_DATABASE_URL": POSTGRES.replace(
                "postgresql://", "postgresql+asyncpg://"
            ).rsplit("/", 1)[0]
            + f"/{database}"
            for name, database in databases.items()
        },
    }
    try:
        subprocess.run([LOKAL, "migrate"], cwd=ROOT, env={**os.environ, **env}, check=True)  # noqa: S603
        for name in names:
            port = free_port()
            child = processes.start(
                [LOKAL, "worker", name, "--host", "127.0.0.1", "--port", str(port)], env
            )
            # the consumers attach before the seed publishes
            ready(f"http://127.0.0.1:{port}/readyz", child)
        subprocess.run([LOKAL, "seed"], cwd=ROOT, env={**os.environ, **env}, check=True)  # noqa: S603
        urls = {}
        for name in names:
            port = free_port()
            child = processes.start(
                [LOKAL, "serve", name, "--host", "127.0.0.1", "--port", str(port)], env
            )
            urls[name] = f"http://127.0.0.1:{port}/graphql"
            answers(urls[name], child)
        asyncio.run(_settled(list(databases.values())))
        settings = ServiceSettings(data_dir=scratch)
        issuer = TokenIssuer(
            development_keys(scratch)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
        token = issuer.issue(uuid.uuid4(), [Role.PROGRAMME])
        yield RunningPlatform(urls, env, {"authorization": f"Bearer {token}"})
    finally:
        processes.stop()
        processes.children.clear()
        asyncio.run(_databases(databases.values(), create=False))
        _delete_namespace(env["LOKAL_EVENTS_NAMESPACE"])


def _delete_namespace(namespace: str) -> None:
    """Remove the run's queues and exchange: each holds file handles on the shared broker."""
    rabbitmqctl = shutil.which("rabbitmqctl")
    if rabbitmqctl is None:
        print(f"rabbitmqctl not found: delete the queues and exchanges {namespace}.* by hand")
        return
    listed = subprocess.run(  # noqa: S603
        [rabbitmqctl, "list_queues", "name", "-q"], capture_output=True, text=True, check=True
    )
    queues = [name for name in listed.stdout.split() if name.startswith(f"{namespace}.")]
    asyncio.run(_delete(queues, f"{namespace}.events"))


async def _delete(queues: list[str], exchange: str) -> None:
    # rabbitmqctl lists but has no command to delete an exchange; AMQP deletes both
    connection = await aio_pika.connect(AMQP)
    async with connection, connection.channel() as channel:
        for queue in queues:
            await channel.queue_delete(queue)
        await channel.exchange_delete(exchange)


async def _databases(names: object, *, create: bool) -> None:
    connection = await asyncpg.connect(POSTGRES)
    try:
        for name in names:  # type: ignore[attr-defined]
            if create:
                await connection.execute(f'CREATE DATABASE "{name}"')
            else:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def _settled(databases: list[str], timeout: float = 120.0) -> None:
    """Wait until no service has an unpublished outbox row (the seed's events all went out)."""
    base = POSTGRES.rsplit("/", 1)[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = 0
        for database in databases:
            connection = await asyncpg.connect(f"{base}/{database}")
            try:
                pending += await connection.fetchval(
                    "SELECT count(*) FROM outbox WHERE published_at IS NULL"
                )
            finally:
                await connection.close()
        if pending == 0:
            await asyncio.sleep(2)  # consumers finish what was delivered last
            return
        await asyncio.sleep(0.5)
    raise RuntimeError("the seed's events did not settle")
