from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import ledger_service
import pytest

from lokal_kit.db import Database
from lokal_kit.messaging.broker import Broker
from lokal_kit.messaging.inprocess import InProcessBroker
from lokal_kit.migrations import upgrade
from lokal_kit.testing.plugin import DatabaseFactory


@pytest.fixture
async def postgres_ledger(postgres_databases: DatabaseFactory) -> AsyncIterator[Database]:
    database = Database(await postgres_databases("ledger"))
    await upgrade(database, ledger_service.MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture
async def sqlite_ledger(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite'}")
    await upgrade(database, ledger_service.MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_db(request: pytest.FixtureRequest) -> Database:
    """The ledger on both databases the platform runs on."""
    return request.getfixturevalue(f"{request.param}_ledger")  # type: ignore[no-any-return]


@pytest.fixture
async def inprocess_brokers(tmp_path: Path) -> AsyncIterator[Callable[[], Awaitable[Broker]]]:
    """Started in-process brokers over one file, so they share their queues."""
    started: list[InProcessBroker] = []

    async def create() -> Broker:
        broker = InProcessBroker(f"sqlite+aiosqlite:///{tmp_path / 'broker.sqlite'}")
        await broker.start()
        started.append(broker)
        return broker

    yield create
    for broker in started:
        await broker.close()


@pytest.fixture(params=["inprocess", "rabbitmq"])
def brokers(request: pytest.FixtureRequest) -> Callable[[], Awaitable[Broker]]:
    """A factory of started brokers of one kind, for the same tests on both."""
    fixture = "rabbit_brokers" if request.param == "rabbitmq" else "inprocess_brokers"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]
