"""Alembic per service: the env.py body every service shares, and programmatic upgrade."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import JSON, MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.types import TypeDecorator

from lokal_kit.db import Database


def alembic_config(migrations: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def run_env(metadata: MetaData) -> None:
    """The whole of each service's `migrations/env.py`."""
    config = context.config
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection, metadata)
        return
    engine = create_async_engine(config.get_main_option("sqlalchemy.url") or "")
    asyncio.run(_run_async(engine, metadata))


async def _run_async(engine: AsyncEngine, metadata: MetaData) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(_run, metadata)
    await engine.dispose()


def _run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # batch operations work on PostgreSQL too, and are the only way SQLite alters tables
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _render_item(kind: str, item: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as the plain SQLAlchemy types they store as."""
    if kind != "type":
        return False
    if isinstance(item, TypeDecorator):
        return f"sa.{item.impl_instance!r}"
    if isinstance(item, JSON) and "postgresql" in item._variant_mapping:
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')"
    return False


async def upgrade(database: Database, migrations: Path, revision: str = "head") -> None:
    """Bring the database to `revision`, sharing the service's engine."""
    config = alembic_config(migrations, database.url.render_as_string(hide_password=False))

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def pending_changes(database: Database, metadata: MetaData) -> list[Any]:
    """What autogenerate would still put into a new migration (empty when in step)."""

    def _compare(connection: Connection) -> list[Any]:
        migration_context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(migration_context, metadata))

    async with database.engine.connect() as connection:
        return await connection.run_sync(_compare)
