"""After PostgreSQL went away and came back, a service reconnects by itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lokal_kit.db import Database
from lokal_kit.testing.plugin import DatabaseFactory
from lokal_kit.testing.proxy import CuttableProxy


async def test_the_pool_reconnects_after_the_database_was_away(
    postgres_databases: DatabaseFactory,
) -> None:
    url = await postgres_databases("outage")
    target = urlsplit(url.replace("postgresql+asyncpg", "postgresql"))
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    database = Database(url.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}"))
    try:
        async with database.session() as session:
            assert await session.scalar(text("SELECT 1")) == 1

        proxy.cut()  # what a restart of PostgreSQL looks like from here
        proxy.restore()

        with pytest.raises(DBAPIError) as lost:
            async with database.session() as session:
                await session.scalar(text("SELECT 1"))
        assert lost.value.connection_invalidated
        async with database.session() as session:
            assert await session.scalar(text("SELECT 2")) == 2
    finally:
        await database.dispose()
        await proxy.close()
