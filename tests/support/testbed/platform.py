"""The whole platform under test, in either mode, reached the way a client reaches it.

`embedded_platform` runs every service in this process (SQLite, the in-process broker) and
serves it on a local port; `distributed_platform` starts the real topology with `lokal up`
against PostgreSQL and RabbitMQ. Both yield a `PlatformUnderTest`: the gateway's URL, each
subgraph's URL, and tokens signed with the key that platform trusts.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aio_pika
import asyncpg
import httpx

from lokal_cli.embedded import EmbeddedPlatform
from lokal_cli.registry import installed_services
from lokal_cli.serve import resolve_entry
from lokal_contracts.demo import demo_id
from lokal_gateway.testing.serving import serving
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys
from lokal_kit.settings import ServiceSettings
from lokal_kit.testing.proxy import CuttableProxy
from testbed.processes import run_lokal

SERVICES = ("people", "projects", "matching", "learning")
RETRY_DELAYS = (1.0, 10.0, 60.0, 300.0)


class GraphQLErrors(AssertionError):
    """A GraphQL answer carried errors where the test expected none."""


@dataclass
class PlatformUnderTest:
    mode: str
    """`embedded` or `distributed`."""
    gateway_url: str
    subgraph_urls: dict[str, str]
    issuer: TokenIssuer = field(repr=False)
    settle: Callable[[], Awaitable[None]] = field(repr=False)
    """Embedded: wait until every event is handled. Distributed: a no-op; poll what you expect."""
    processes: list[dict[str, Any]] = field(default_factory=list)
    """Distributed: what `lokal up` started (name, service, role, pid, port, log)."""
    run_dir: Path | None = None
    database_prefix: str = ""
    http: httpx.AsyncClient | None = None
    """Shared by the clients: a new httpx client loads the CA bundle, about 80 ms of CPU that
    an embedded platform, in the same event loop, waits for."""

    def token(
        self,
        person: uuid.UUID | str | None = None,
        roles: Iterable[Role | str] = (),
        municipalities: Iterable[uuid.UUID | str] = (),
    ) -> str:
        """A token for `person` (a fresh id if None) holding `roles`."""
        person_id = uuid.UUID(str(person)) if person else uuid.uuid4()
        return self.issuer.issue(
            person_id,
            list(roles),
            municipality_ids=[uuid.UUID(str(m)) for m in municipalities],
        )

    def demo_token(self, slug: str, *roles: Role, municipalities: Iterable[str] = ()) -> str:
        """A token for a person of the demo data, e.g. `programme-lena`."""
        return self.token(demo_id("person", slug), roles or (Role.PROGRAMME,), municipalities)

    def client(self, token: str | None = None, url: str | None = None) -> GraphQLClient:
        return GraphQLClient(url or self.gateway_url, token, self.http)

    def process(self, name: str) -> dict[str, Any]:
        """Distributed: one of the processes, by the name `lokal up` gave it (`people-api-1`)."""
        (found,) = [p for p in self.processes if p["name"] == name]
        return found

    async def restart(self, name: str) -> dict[str, Any]:
        """Distributed: `lokal restart NAME`, that process started again as `lokal up` did."""
        assert self.run_dir is not None, "only the distributed platform runs processes"
        code, output = await run_lokal("restart", name, "--run-dir", str(self.run_dir))
        assert code == 0, output
        self.processes[:] = json.loads((self.run_dir / "state.json").read_text())["processes"]
        return self.process(name)

    async def readiness(self) -> dict[str, int]:
        """Distributed: the status of each process's /readyz (0 where nothing answers)."""
        statuses: dict[str, int] = {}
        async with httpx.AsyncClient(timeout=5) as http:
            for process in self.processes:
                try:
                    answer = await http.get(f"http://127.0.0.1:{process['port']}/readyz")
                except httpx.TransportError:
                    statuses[process["name"]] = 0
                else:
                    statuses[process["name"]] = answer.status_code
        return statuses


class GraphQLClient:
    """POSTs operations; `__call__` insists on an answer without errors, `raw` returns all."""

    def __init__(self, url: str, token: str | None, http: httpx.AsyncClient | None = None) -> None:
        self.url = url
        self.headers = {"authorization": f"Bearer {token}"} if token else {}
        self.http = http

    async def raw(self, query: str, **variables: object) -> tuple[int, dict[str, Any]]:
        body = {"query": query, "variables": variables}
        if self.http is not None:
            answer = await self.http.post(self.url, json=body, headers=self.headers)
        else:
            async with httpx.AsyncClient(timeout=60) as http:
                answer = await http.post(self.url, json=body, headers=self.headers)
        return answer.status_code, answer.json()

    async def __call__(self, query: str, **variables: object) -> dict[str, Any]:
        status, body = await self.raw(query, **variables)
        if status != 200 or body.get("errors"):
            raise GraphQLErrors(f"{status}: {json.dumps(body, indent=1)[:4000]}")
        data: dict[str, Any] = body["data"]
        return data


def _issuer(key_dir: Path) -> TokenIssuer:
    settings = ServiceSettings()
    return TokenIssuer(
        development_keys(key_dir)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )


@contextlib.asynccontextmanager
async def embedded_platform(
    data_dir: Path, *, seed: bool = True
) -> AsyncIterator[PlatformUnderTest]:
    """Every installed service in this process, served over HTTP on a free local port."""
    platform = EmbeddedPlatform(data_dir=data_dir, entries=installed_services(), seed=seed)
    platform.build()
    async with serving(platform.app()) as base, httpx.AsyncClient(timeout=60) as http:
        yield PlatformUnderTest(
            mode="embedded",
            gateway_url=f"{base}/graphql",
            subgraph_urls={name: f"{base}/subgraphs/{name}/graphql" for name in platform.services},
            issuer=_issuer(data_dir),
            settle=platform.settle,
            http=http,
        )


@contextlib.asynccontextmanager
async def proxied(url: str, default_port: int) -> AsyncIterator[tuple[CuttableProxy, str]]:
    """A `CuttableProxy` in front of the server `url` names, and `url` pointed at the proxy."""
    parts = urlsplit(url)
    proxy = CuttableProxy(parts.hostname or "127.0.0.1", parts.port or default_port)
    await proxy.start()
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{proxy.port}" if credentials else f"127.0.0.1:{proxy.port}"
    try:
        yield proxy, parts._replace(netloc=netloc).geturl()
    finally:
        await proxy.close()


async def _nothing() -> None:
    return None


@contextlib.asynccontextmanager
async def distributed_platform(
    run_dir: Path,
    *,
    postgres_url: str,
    amqp_url: str,
    services: Iterable[str] = SERVICES,
    replicas: Mapping[str, int] | None = None,
    seed: bool = True,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[PlatformUnderTest]:
    """`lokal up` in a namespace and under a database prefix of its own, both removed after.

    `amqp_url` may point at a `CuttableProxy` in front of RabbitMQ, to take the broker away
    from the platform without stopping the server other tests share. `env` goes to every
    process (settings such as `LOKAL_DATABASE_POOL_SIZE`).
    """
    names = list(services)
    namespace = f"t{uuid.uuid4().hex[:10]}"
    prefix = f"lokal_t_{uuid.uuid4().hex[:8]}_"
    scale = [f"--replicas={name}={count}" for name, count in (replicas or {}).items()]
    seeding = [] if seed else ["--no-seed"]
    try:
        code, output = await run_lokal(
            "up", *names, "--run-dir", str(run_dir), *scale, *seeding,
            "--base-port", "0", "--port", "0", "--namespace", namespace,
            "--database-prefix", prefix, "--postgres-url", postgres_url, "--amqp-url", amqp_url,
            env=env,
        )  # fmt: skip
        assert code == 0, output
        processes: list[dict[str, Any]] = json.loads((run_dir / "state.json").read_text())[
            "processes"
        ]
        (gateway,) = [p for p in processes if p["role"] == "gateway"]
        apis = {p["service"]: p for p in processes if p["role"] == "api"}
        async with httpx.AsyncClient(timeout=60) as http:
            yield PlatformUnderTest(
                mode="distributed",
                gateway_url=f"http://127.0.0.1:{gateway['port']}/graphql",
                subgraph_urls={s: f"http://127.0.0.1:{p['port']}/graphql" for s, p in apis.items()},
                issuer=_issuer(run_dir),
                settle=_nothing,
                processes=processes,
                run_dir=run_dir,
                database_prefix=prefix,
                http=http,
            )
    finally:
        code, output = await run_lokal("down", "--run-dir", str(run_dir))
        await delete_namespace(amqp_url, namespace, _consumers(names))
        await drop_databases(postgres_url, prefix)
    assert code == 0, output


def _consumers(services: Iterable[str]) -> list[str]:
    return [
        subscription.name
        for name in services
        for subscription in resolve_entry(name).bootstrap(ServiceSettings()).subscriptions
    ]


async def delete_namespace(amqp_url: str, namespace: str, consumers: Iterable[str]) -> None:
    """Delete the exchange and every queue the platform's consumers declared."""
    with contextlib.suppress(aio_pika.exceptions.AMQPError, OSError):
        connection = await aio_pika.connect(amqp_url, timeout=10)
        async with connection, connection.channel() as channel:
            for consumer in consumers:
                work = f"{namespace}.{consumer}"
                retries = [f"{work}.retry.{int(d * 1000)}ms" for d in RETRY_DELAYS]
                for queue in (work, f"{work}.parked", *retries):
                    await channel.queue_delete(queue)
            await channel.queue_delete(f"{namespace}.events.log")
            await channel.exchange_delete(f"{namespace}.events")


async def drop_databases(postgres_url: str, prefix: str) -> None:
    """Drop every database whose name starts with `prefix`."""
    connection = await asyncpg.connect(postgres_url)
    try:
        rows = await connection.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE $1", f"{prefix}%"
        )
        for row in rows:
            await connection.execute(f'DROP DATABASE IF EXISTS "{row[0]}" WITH (FORCE)')
    finally:
        await connection.close()
