"""Fixtures for the distributed topology: service processes against real PostgreSQL and RabbitMQ."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import ledger_service
import pytest
from testbed.platform import delete_namespace, drop_databases
from testbed.processes import LokalProcess, free_port, start_lokal, stop_all

from lokal_kit.db import Database
from lokal_kit.testing.database import migrated
from lokal_kit.testing.plugin import DatabaseFactory

LEDGER = "testbed.ledger:ENTRY"


@pytest.fixture
async def ledger_database(postgres_databases: DatabaseFactory) -> AsyncIterator[Database]:
    database = await migrated(await postgres_databases("ledger"), ledger_service.MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture
async def namespace(amqp_url: str) -> AsyncIterator[str]:
    """An events namespace of the test's own; its exchange and queues go with the test."""
    name = f"t{uuid.uuid4().hex[:10]}"
    yield name
    await delete_namespace(amqp_url, name, ["ledger.effects"])


@pytest.fixture
async def database_prefix(postgres_server: str) -> AsyncIterator[str]:
    """`lokal up` creates its databases under this prefix; they are dropped afterwards."""
    prefix = f"lokal_t_{uuid.uuid4().hex[:8]}_"
    yield prefix
    await drop_databases(postgres_server, prefix)


Starter = Callable[..., Awaitable[LokalProcess]]


@pytest.fixture
async def ledger_processes(
    ledger_database: Database, amqp_url: str, namespace: str, tmp_path: Path
) -> AsyncIterator[Starter]:
    """Starts `lokal serve|worker` for the ledger; whatever still runs is killed afterwards."""
    started: list[LokalProcess] = []

    async def start(
        command: str = "worker",
        *,
        amqp: str | None = None,
        database: str | None = None,
        ready: bool = True,
        **settings: str,
    ) -> LokalProcess:
        port = free_port()
        env = {
            "LOKAL_ENVIRONMENT": "test",
            "LOKAL_LEDGER_DATABASE_URL": database
            or ledger_database.url.render_as_string(hide_password=False),
            "LOKAL_BROKER": "rabbitmq",
            "LOKAL_AMQP_URL": amqp or amqp_url,
            "LOKAL_EVENTS_NAMESPACE": namespace,
            "LOKAL_DATA_DIR": str(tmp_path),
            "LOKAL_HTTP_PORT" if command == "serve" else "LOKAL_HEALTH_PORT": str(port),
            "LOKAL_HTTP_HOST" if command == "serve" else "LOKAL_HEALTH_HOST": "127.0.0.1",
            **{f"LOKAL_{key.upper()}": value for key, value in settings.items()},
        }
        log = tmp_path / f"{command}-{len(started)}.log"
        process = await start_lokal([command, LEDGER], env, log, port)
        started.append(process)
        if ready:
            await process.wait_ready()
        return process

    yield start
    await stop_all(started)
