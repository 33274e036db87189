"""Every command documents itself; development tokens verify against the local key."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from lokal_cli.main import app
from lokal_contracts.demo import demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenVerifier, development_keys
from lokal_kit.settings import ServiceSettings

runner = CliRunner()


def _command_paths(
    command: typer.core.TyperGroup | object, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(get_command(app))


def test_the_documented_commands_exist() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {
        "dev",
        "migrate",
        "seed",
        "token",
        "serve",
        "worker",
        "schema export",
        "events asyncapi",
        "events parked",
        "events replay",
    } <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "lokal")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "--help" in result.output


def test_a_development_token_verifies_with_the_local_key(tmp_path: Path) -> None:
    person = "0b6b6f3e-5d55-4c1a-9a59-7a2f7c6a0001"
    municipality = "5e8e4b4e-0000-4000-8000-000000000001"
    result = runner.invoke(
        app,
        [
            "token",
            "--role",
            "mentor",
            "--person",
            person,
            "--municipality",
            municipality,
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    settings = ServiceSettings()
    verifier = TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        public_key_pem=development_keys(tmp_path)[1],
    )
    principal = verifier.verify(result.output.strip())
    assert str(principal.person_id) == person
    assert principal.roles == {Role.MENTOR}
    assert {str(m) for m in principal.municipality_ids} == {municipality}


def test_an_unknown_role_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["token", "--role", "mayor", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "mayor" in result.output


@pytest.mark.parametrize(
    ("slug", "role", "works_for"),
    [
        ("maker-03", Role.MAKER, None),
        ("staff-eschwege", Role.MUNICIPALITY, "eschwege"),
        ("mentor-hof", Role.MENTOR, "hof"),
        ("programme-lena", Role.PROGRAMME, None),
    ],
)
def test_a_demo_person_gets_the_token_the_demo_data_expects(
    tmp_path: Path, slug: str, role: Role, works_for: str | None
) -> None:
    result = runner.invoke(app, ["token", "--demo", slug, "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    settings = ServiceSettings()
    principal = TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        public_key_pem=development_keys(tmp_path)[1],
    ).verify(result.output.strip())
    assert principal.person_id == demo_id("person", slug)
    assert principal.roles == {role}
    expected = {demo_id("municipality", works_for)} if works_for else set()
    assert principal.municipality_ids == expected


def test_a_slug_outside_the_demo_data_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["token", "--demo", "staff-atlantis", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "not a person of the demo data" in result.output
