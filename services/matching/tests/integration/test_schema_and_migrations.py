"""The committed SDL and migrations are in step with the code."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from lokal_kit.db import Database
from lokal_kit.migrations import pending_changes, upgrade
from lokal_matching.adapters.tables import metadata
from lokal_matching.bootstrap import MIGRATIONS, bootstrap
from lokal_matching.settings import MatchingSettings

SDL = Path(__file__).parents[2] / "schema.graphql"


def test_the_committed_schema_is_the_exported_one(tmp_path: Path) -> None:
    service = bootstrap(MatchingSettings(data_dir=tmp_path))
    assert SDL.read_text() == print_schema(service.schema) + "\n", (
        "schema.graphql is out of date: run `uv run lokal schema export matching`"
    )


async def test_autogenerate_finds_nothing_left_on_postgresql(matching_url: str) -> None:
    database = Database(matching_url)
    try:
        assert await pending_changes(database, metadata) == []
    finally:
        await database.dispose()


async def test_autogenerate_finds_nothing_left_on_sqlite(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'matching.sqlite'}")
    try:
        await upgrade(database, MIGRATIONS)
        assert await pending_changes(database, metadata) == []
    finally:
        await database.dispose()
