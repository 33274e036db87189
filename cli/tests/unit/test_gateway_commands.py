"""`lokal schema check`, `lokal gateway plan`: the gateway's commands on real files."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from lokal_cli.main import app
from lokal_gateway.testing.harness import compose_miniature

runner = CliRunner()

OLD = """type Query { projects(first: Int): [Project!]! }
type Project { id: ID! title: String! status: Status }
enum Status { DRAFT PUBLISHED }
"""


def test_schema_check_lists_breaking_and_dangerous_changes(tmp_path: Path) -> None:
    new = OLD.replace(" title: String!", "").replace("PUBLISHED", "PUBLISHED STAFFED")
    (tmp_path / "old.graphql").write_text(OLD)
    (tmp_path / "new.graphql").write_text(new)
    result = runner.invoke(
        app, ["schema", "check", str(tmp_path / "old.graphql"), str(tmp_path / "new.graphql")]
    )
    assert result.exit_code == 1
    assert "BREAKING  FIELD_REMOVED: Field Project.title was removed." in result.output
    assert "DANGEROUS VALUE_ADDED_TO_ENUM: Enum value Status.STAFFED was added." in result.output


def test_schema_check_of_equal_schemas_passes(tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text(OLD)
    result = runner.invoke(
        app, ["schema", "check", str(tmp_path / "a.graphql"), str(tmp_path / "a.graphql")]
    )
    assert result.exit_code == 0
    assert "no breaking or dangerous changes" in result.output


def test_schema_check_reads_supergraphs_as_their_api_schema(tmp_path: Path) -> None:
    supergraph = compose_miniature()
    (tmp_path / "before.graphql").write_text(supergraph.sdl)
    (tmp_path / "after.graphql").write_text(compose_miniature("sites", "crew").sdl)
    result = runner.invoke(
        app, ["schema", "check", str(tmp_path / "before.graphql"), str(tmp_path / "after.graphql")]
    )
    assert result.exit_code == 1
    assert "FIELD_REMOVED: Field Project.team was removed." in result.output


def test_gateway_plan_prints_the_plan(tmp_path: Path) -> None:
    file = tmp_path / "supergraph.graphql"
    file.write_text(compose_miniature().sdl)
    result = runner.invoke(
        app, ["gateway", "plan", "--supergraph", str(file), "{ projects { team { role } } }"]
    )
    assert result.exit_code == 0, result.output
    assert 'Flatten(path: "projects.@")' in result.output
    assert 'Fetch(service: "teams")' in result.output
    refused = runner.invoke(app, ["gateway", "plan", "--supergraph", str(file), "{ nope }"])
    assert refused.exit_code == 1
    assert "Cannot query field 'nope'" in refused.output
