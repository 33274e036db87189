"""The committed SDL is the schema the code builds; the migrations match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from strawberry.printer import print_schema

from lokal_kit.db import Database
from lokal_kit.migrations import pending_changes
from lokal_kit.testing.database import migrated
from lokal_kit.testing.plugin import DatabaseFactory
from lokal_learning.adapters.tables import metadata
from lokal_learning.bootstrap import MIGRATIONS, compose
from lokal_learning.settings import LearningSettings

COMMITTED = Path(__file__).parents[2] / "schema.graphql"


def test_the_committed_schema_is_up_to_date(tmp_path: Path) -> None:
    service, _ = compose(LearningSettings(data_dir=tmp_path))
    assert COMMITTED.read_text() == print_schema(service.schema) + "\n", (
        "services/learning/schema.graphql is out of date: run `uv run lokal schema export learning`"
    )


def test_the_subgraph_declares_its_entities_and_the_fields_it_adds(tmp_path: Path) -> None:
    sdl = COMMITTED.read_text()
    assert 'federation/v2.9"' in sdl
    for entity in ("Cohort", "Session", "Enrollment", "Person", "Placement"):
        assert f'type {entity} @key(fields: "id")' in sdl
    assert 'type PersonalDataExport @key(fields: "personId")' in sdl
    assert "learning: JSON!" in sdl
    assert "type PageInfo @shareable" in sdl


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
async def test_after_the_migrations_autogenerate_finds_nothing(
    dialect: str, postgres_databases: DatabaseFactory, tmp_path: Path
) -> None:
    if dialect == "postgres":
        url = await postgres_databases("learning_migrations")
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'learning.sqlite'}"
    database: Database = await migrated(url, MIGRATIONS)
    try:
        assert await pending_changes(database, metadata) == []
    finally:
        await database.dispose()
