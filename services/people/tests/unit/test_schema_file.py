"""The committed subgraph SDL is the one the code produces."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from lokal_people.bootstrap import bootstrap
from lokal_people.settings import PeopleSettings

SCHEMA_FILE = Path(__file__).parents[2] / "schema.graphql"


def test_the_committed_schema_graphql_is_up_to_date(tmp_path: Path) -> None:
    service = bootstrap(PeopleSettings(data_dir=tmp_path))
    expected = print_schema(service.schema) + "\n"
    assert SCHEMA_FILE.read_text() == expected, "run `uv run lokal schema export people`"


def test_the_subgraph_declares_federation_2_9_and_its_entities() -> None:
    sdl = SCHEMA_FILE.read_text()
    assert 'url: "https://specs.apollo.dev/federation/v2.9"' in sdl
    for entity in (
        'type Person @key(fields: "id")',
        'type Competence @key(fields: "id")',
        'type Municipality @key(fields: "id")',
        'type PersonalDataExport @key(fields: "personId")',
    ):
        assert entity in sdl
