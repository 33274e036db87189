from __future__ import annotations

from typing import ClassVar

import pytest

from lokal_kit.settings import BrokerKind, Environment, ServiceSettings


class ProjectsLikeSettings(ServiceSettings):
    service_name: ClassVar[str] = "projects"


def test_defaults_are_safe_for_the_embedded_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOKAL_ENVIRONMENT", "LOKAL_DATABASE_URL", "LOKAL_PROJECTS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = ProjectsLikeSettings()
    assert settings.environment is Environment.DEVELOPMENT
    assert settings.broker is BrokerKind.IN_PROCESS
    assert settings.resolved_database_url == "sqlite+aiosqlite:///var/projects.sqlite"


def test_the_service_prefix_wins_over_the_platform_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKAL_AMQP_URL", "amqp://shared/")
    monkeypatch.setenv("LOKAL_DATABASE_URL", "postgresql+asyncpg://db/shared")
    monkeypatch.setenv("LOKAL_PROJECTS_DATABASE_URL", "postgresql+asyncpg://db/projects")
    settings = ProjectsLikeSettings()
    assert settings.amqp_url == "amqp://shared/"
    assert settings.database_url == "postgresql+asyncpg://db/projects"


def test_production_refuses_development_defaults_and_says_which(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOKAL_ENVIRONMENT", "production")
    with pytest.raises(ValueError, match="refusing to start in production") as refused:
        ProjectsLikeSettings()
    message = str(refused.value)
    assert "LOKAL_PROJECTS_DATABASE_URL must be a postgresql+asyncpg:// URL" in message
    assert "LOKAL_PROJECTS_BROKER must be 'rabbitmq'" in message
    assert "guest credentials" in message
    assert "LOKAL_JWT_JWKS_URL" in message


def test_production_starts_with_a_complete_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKAL_ENVIRONMENT", "production")
    monkeypatch.setenv("LOKAL_PROJECTS_DATABASE_URL", "postgresql+asyncpg://app@db/projects")
    monkeypatch.setenv("LOKAL_BROKER", "rabbitmq")
    monkeypatch.setenv("LOKAL_AMQP_URL", "amqps://lokal:s3cret@mq.example.org/")
    monkeypatch.setenv("LOKAL_JWT_JWKS_URL", "https://id.example.org/jwks.json")
    monkeypatch.setenv("LOKAL_JWT_ISSUER", "https://id.example.org/")
    settings = ProjectsLikeSettings()
    assert settings.production_problems() == []


def test_a_malformed_value_is_rejected_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKAL_PROJECTS_DATABASE_POOL_SIZE", "zero")
    with pytest.raises(ValueError, match="database_pool_size"):
        ProjectsLikeSettings()
