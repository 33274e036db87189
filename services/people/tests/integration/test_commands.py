"""`lokal competences import FILE`: added or updated, or nothing at all with the bad lines named."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from lokal_cli.main import app
from lokal_kit.service import Service
from lokal_people.adapters import tables

runner = CliRunner()


@pytest.fixture
def environment(people: Service, people_url: str, monkeypatch: pytest.MonkeyPatch) -> Service:
    monkeypatch.setenv("LOKAL_PEOPLE_DATABASE_URL", people_url)
    return people


async def invoke(*arguments: str) -> Result:
    """The command runs its own event loop, so it runs in a thread of its own."""
    return await asyncio.to_thread(runner.invoke, app, list(arguments))


async def labels(people: Service, *ids: str) -> dict[str, str]:
    c = tables.competences.c
    async with people.database.engine.connect() as connection:
        rows = await connection.execute(select(c.id, c.label).where(c.id.in_(ids)))
        return {row.id: row.label for row in rows}


async def test_a_catalogue_file_is_imported(environment: Service, tmp_path: Path) -> None:
    file = tmp_path / "extra.csv"
    file.write_text(
        "uri,label,skill_type,label_de\n"
        "lokal:ozg-maturity,assess OZG maturity,skill,OZG-Reifegrad bewerten\n"
        "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742,SQL,knowledge,\n"
    )
    result = await invoke("competences", "import", str(file))
    assert result.exit_code == 0, result.output
    assert "1 competences added, 1 updated" in result.output
    found = await labels(environment, "lokal:ozg-maturity")
    assert found == {"lokal:ozg-maturity": "assess OZG maturity"}
    # the catalogue is shared by the whole run: take the new competence out again
    async with environment.database.engine.begin() as connection:
        await connection.execute(
            tables.competences.delete().where(tables.competences.c.id == "lokal:ozg-maturity")
        )


async def test_a_malformed_row_is_named_and_nothing_is_imported(
    environment: Service, tmp_path: Path
) -> None:
    file = tmp_path / "broken.csv"
    file.write_text(
        "uri,label,skill_type\n"
        "lokal:first-new,first new competence,skill\n"
        "lokal:second-new,,skill\n"
        "lokal:third-new,third,ability\n"
    )
    result = await invoke("competences", "import", str(file))
    assert result.exit_code == 1
    assert f"{file}:3: a label has 1 to 300 characters" in result.output
    assert f"{file}:4: skill_type must be 'skill' or 'knowledge'" in result.output
    assert "nothing was imported" in result.output
    assert await labels(environment, "lokal:first-new") == {}
