"""deploy/compose.yaml: valid against the Compose specification's schema, and complete."""

from __future__ import annotations

import os
import re
import subprocess
from typing import Any

import pytest
import yaml

from .conftest import (
    DEPLOY,
    ROOT,
    SERVICES,
    gateway_settings,
    image_environment,
    production_settings,
    tool,
)

COMPOSE = DEPLOY / "compose.yaml"
_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?::-(?P<default>[^}]*))?\}")


def interpolated(text: str, env: dict[str, str]) -> str:
    """Compose's `${NAME}` / `${NAME:-default}` interpolation."""
    return _VARIABLE.sub(lambda m: env.get(m["name"]) or m["default"] or "", text)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(interpolated(COMPOSE.read_text(), {}))
    return document


def test_the_compose_file_follows_the_compose_specification() -> None:
    """The schema is the compose-spec JSON schema that check-jsonschema ships."""
    result = subprocess.run(  # noqa: S603
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_service_has_a_migration_step_an_api_and_a_worker(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in SERVICES:
        migrate, api, worker = (services[f"{name}-{role}"] for role in ("migrate", "api", "worker"))
        assert migrate["command"] == ["migrate", name]
        assert api["command"] == ["serve", name]
        assert worker["command"] == ["worker", name]
        assert migrate["restart"] == "no"
        for process in (api, worker):
            after = process["depends_on"]
            assert after[f"{name}-migrate"]["condition"] == "service_completed_successfully"
            assert "healthcheck" in process
        assert worker["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
        assert services["gateway"]["depends_on"][f"{name}-api"]["condition"] == "service_healthy"


def test_every_dependency_exists_and_every_image_has_its_dockerfile(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        if "build" in service:
            context = (COMPOSE.parent / service["build"]["context"]).resolve()
            assert context == ROOT
            assert (context / service["build"]["dockerfile"]).is_file()
    for name in ("postgres", "rabbitmq"):
        assert "healthcheck" in services[name]


def test_only_the_gateway_is_published_and_it_reaches_no_database(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"gateway"}
    assert services["gateway"]["networks"] == ["subgraphs"]
    assert "subgraphs" not in services["postgres"]["networks"]
    for name in SERVICES:
        assert "subgraphs" not in services[f"{name}-worker"]["networks"]


def test_every_service_process_starts_in_production_mode_from_its_environment(
    compose: dict[str, Any],
) -> None:
    for name in SERVICES:
        for role in ("migrate", "api", "worker"):
            env = {
                k: str(v) for k, v in compose["services"][f"{name}-{role}"]["environment"].items()
            }
            settings = production_settings(name, env)
            assert settings.database_url.endswith(f"@postgres:5432/{name}")
    gateway = compose["services"]["gateway"]
    assert gateway["command"] == ["gateway", "serve"]
    env = {**image_environment("gateway"), **{k: str(v) for k, v in gateway["environment"].items()}}
    subgraphs = gateway_settings(env).subgraph_urls()
    assert subgraphs == {name: f"http://{name}-api:8000/graphql" for name in SERVICES}
    databases = compose["configs"]["databases"]["content"]
    for name in SERVICES:
        assert f"CREATE DATABASE {name} OWNER {name};" in databases
