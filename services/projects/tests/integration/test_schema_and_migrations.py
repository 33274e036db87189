"""The committed SDL is what the code serves; the migrations are what the models say."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from lokal_kit.db import Database
from lokal_kit.migrations import pending_changes, upgrade
from lokal_kit.service import Service
from lokal_projects.adapters.tables import metadata
from lokal_projects.bootstrap import MIGRATIONS

SCHEMA_FILE = Path(__file__).parents[2] / "schema.graphql"


def test_the_committed_schema_is_up_to_date(projects_service: Service) -> None:
    exported = print_schema(projects_service.schema) + "\n"
    assert SCHEMA_FILE.read_text() == exported, (
        "services/projects/schema.graphql is stale: run `uv run lokal schema export projects`"
    )


async def test_after_the_migrations_postgres_matches_the_models(
    projects_service: Service,
) -> None:
    assert await pending_changes(projects_service.database, metadata) == []


async def test_after_the_migrations_sqlite_matches_the_models(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'projects.sqlite'}")
    try:
        await upgrade(database, MIGRATIONS)
        assert await pending_changes(database, metadata) == []
    finally:
        await database.dispose()
