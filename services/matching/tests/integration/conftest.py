"""A migrated PostgreSQL database per run, emptied after each test; events fed through a broker."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))  # the tests' shared support module

from matching_support import KEPT, Clock, Feed, System, feeding

from lokal_kit.messaging.inprocess import InProcessBroker
from lokal_kit.testing.database import migrated
from lokal_kit.testing.plugin import BrokerFactory, DatabaseFactory
from lokal_matching.adapters.tables import metadata
from lokal_matching.bootstrap import MIGRATIONS, assemble
from lokal_matching.settings import MatchingSettings


@pytest.fixture(scope="session")
async def matching_url(postgres_databases: DatabaseFactory) -> str:
    url = await postgres_databases("matching")
    database = await migrated(url, MIGRATIONS)
    await database.dispose()
    return url


@pytest.fixture
async def system(matching_url: str) -> AsyncIterator[System]:
    clock = Clock(datetime(2026, 1, 15, 9, 0, tzinfo=UTC))
    service, matching = assemble(
        MatchingSettings(database_url=matching_url, environment="test"), clock=clock
    )
    yield System(service, matching, clock)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables if t.name not in KEPT)
    async with service.database.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        await connection.execute(text("UPDATE pool_revisions SET revision = revision + 1"))
    await service.database.dispose()


@pytest.fixture
async def feed(system: System, tmp_path: Path) -> AsyncIterator[Feed]:
    """Events delivered through the kit's in-process broker to the real consumers."""
    broker = InProcessBroker(f"sqlite+aiosqlite:///{tmp_path / 'broker.sqlite'}")
    await broker.start()
    async for f in feeding(system, broker):
        yield f
    await broker.close()


@pytest.fixture
async def rabbit_feed(system: System, rabbit_brokers: BrokerFactory) -> AsyncIterator[Feed]:
    """The same, through RabbitMQ."""
    broker = await rabbit_brokers()
    async for f in feeding(system, broker):
        yield f
