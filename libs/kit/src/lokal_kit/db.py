"""One async SQLAlchemy engine per service database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy.ext.asyncio
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

from lokal_kit.settings import ServiceSettings


class Database:
    def __init__(self, url: str, *, pool_size: int = 5, echo: bool = False) -> None:
        self.url = make_url(url)
        options: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30}
            if self.url.database in (None, "", ":memory:"):
                options["poolclass"] = StaticPool
            else:
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            # No pre-ping: it costs a round trip per transaction. After a PostgreSQL restart the
            # first statement fails, SQLAlchemy invalidates the whole pool, and the next
            # transaction connects afresh (callers see SERVICE_UNAVAILABLE once).
            # Up to twice the pool size, all kept: an overflow connection is closed when
            # returned, so a loaded process connected anew many times a second (a backend
            # forked, TLS, cold catalogue caches, every statement prepared again).
            options.update(pool_size=2 * pool_size, max_overflow=0)
        # looked up when called, so that tracing (which wraps it) sees every engine
        self.engine: AsyncEngine = sqlalchemy.ext.asyncio.create_async_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL reads without BEGIN and ROLLBACK: two round trips fewer per unit of work.
        # Each statement still sees what was committed when it began, as in READ COMMITTED.
        # SQLite keeps its transaction: there the pooled connection's isolation is not ours.
        self.reading_sessionmaker = (
            self.sessionmaker
            if self.is_sqlite
            else async_sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
            )
        )

    @classmethod
    def for_service(cls, settings: ServiceSettings) -> Database:
        return cls(settings.resolved_database_url, pool_size=settings.database_pool_size)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def session(self) -> AsyncSession:
        return self.sessionmaker()

    def reading_session(self) -> AsyncSession:
        """A session for reads only: on PostgreSQL each statement commits on its own."""
        return self.reading_sessionmaker()

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's implicit BEGIN is replaced by ours (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Take the write lock up front: two deferred transactions that both upgrade
    # to writing would deadlock, while IMMEDIATE ones wait their turn.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
