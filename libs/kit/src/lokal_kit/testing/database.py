"""Service databases for tests: migrated once per run, emptied after each test."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, delete, event, text

from lokal_kit.db import Database
from lokal_kit.migrations import upgrade


async def migrated(url: str, migrations: Path) -> Database:
    database = Database(url)
    await upgrade(database, migrations)
    return database


async def empty_tables(database: Database, metadata: MetaData) -> None:
    """Delete every row of the service's tables, keeping the schema and Alembic's version."""
    async with database.engine.begin() as connection:
        if database.is_sqlite:
            for table in reversed(metadata.sorted_tables):
                await connection.execute(delete(table))
        else:
            names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@contextlib.contextmanager
def counted_statements(database: Database) -> Iterator[list[str]]:
    """Collects the SQL statements the database runs inside the block (N+1 tests)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)
