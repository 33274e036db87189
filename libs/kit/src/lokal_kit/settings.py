"""Typed configuration from environment variables, one class per service.

Every service reads `LOKAL_<SERVICE>_<FIELD>` first and falls back to the
platform-wide `LOKAL_<FIELD>`, so shared values (broker URL, token issuer)
are set once while each service keeps its own database.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Self

from pydantic import Field, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEV_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class BrokerKind(StrEnum):
    IN_PROCESS = "inprocess"
    RABBITMQ = "rabbitmq"


class ServiceSettings(BaseSettings):
    """Settings every service shares; subclasses set `service_name`."""

    model_config = SettingsConfigDict(extra="ignore", validate_default=True)

    service_name: ClassVar[str] = ""

    environment: Environment = Field(
        default=Environment.DEVELOPMENT,
        description="development, test or production; production refuses unsafe settings.",
    )
    data_dir: Path = Field(default=Path("var"), description="Where embedded-mode files live.")
    database_url: str = Field(
        default="", description="SQLAlchemy async URL; empty means a SQLite file in data_dir."
    )
    database_pool_size: int = Field(
        # 5 keeps a full `lokal up` or compose platform (eight processes, each up to twice
        # this) below PostgreSQL's default max_connections of 100
        default=5,
        ge=1,
        le=200,
        description="Half the connections a process may open (the rest for bursts); kept open.",
    )
    broker: BrokerKind = Field(
        default=BrokerKind.IN_PROCESS, description="inprocess (embedded mode) or rabbitmq."
    )
    amqp_url: str = Field(default=DEV_AMQP_URL, description="RabbitMQ URL for the broker.")
    events_namespace: str = Field(
        default="lokal",
        pattern=r"^[a-z][a-z0-9-]*$",
        description="Prefix of every exchange and queue name on the broker.",
    )
    jwt_issuer: str = Field(
        default="https://auth.lokalprojekte.invalid/", description="`iss` tokens must carry."
    )
    jwt_audience: str = Field(default="lokalprojekte", description="`aud` tokens must carry.")
    jwt_jwks_url: str = Field(
        default="",
        description="JWKS of the identity provider. A verified token is trusted until it "
        "expires, at most 5 minutes: a withdrawn key stops working within that time.",
    )
    jwt_public_key_file: Path | None = Field(
        default=None, description="PEM public key used instead of a JWKS (embedded mode)."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(default=True, description="JSON lines (false: for reading by eye).")
    otlp_endpoint: str = Field(default="", description="OTLP/HTTP traces endpoint; empty = off.")
    max_query_depth: int = Field(
        default=12, ge=2, le=50, description="Deepest GraphQL selection accepted."
    )
    max_aliases: int = Field(
        default=30, ge=1, le=1000, description="Most aliases in one GraphQL document."
    )
    max_tokens: int = Field(
        default=4000, ge=100, le=100_000, description="Most tokens in one GraphQL document."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=1000, description="Largest `first` a connection accepts."
    )
    shutdown_grace_seconds: float = Field(
        default=20.0,
        ge=0,
        le=600,
        description="After SIGTERM: time to finish requests and deliveries and flush the outbox.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        service_prefix = f"LOKAL_{cls.service_name.upper()}_" if cls.service_name else "LOKAL_"
        return (
            init_settings,
            EnvSettingsSource(settings_cls, env_prefix=service_prefix),
            EnvSettingsSource(settings_cls, env_prefix="LOKAL_"),
            file_secret_settings,
        )

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if self.environment is not Environment.PRODUCTION:
            return self
        problems = list(self.production_problems())
        if problems:
            prefix = f"LOKAL_{self.service_name.upper()}_" if self.service_name else "LOKAL_"
            raise ValueError(
                "refusing to start in production: "
                + "; ".join(p.replace("{prefix}", prefix) for p in problems)
            )
        return self

    def production_problems(self) -> list[str]:
        """What keeps these settings from being safe in production (empty when safe)."""
        problems = []
        if not self.database_url.startswith("postgresql+asyncpg://"):
            problems.append("{prefix}DATABASE_URL must be a postgresql+asyncpg:// URL")
        if self.broker is not BrokerKind.RABBITMQ:
            problems.append("{prefix}BROKER must be 'rabbitmq'")
        if self.amqp_url == DEV_AMQP_URL or "guest:guest@" in self.amqp_url:
            problems.append("{prefix}AMQP_URL is the development default (guest credentials)")
        if not self.jwt_jwks_url and self.jwt_public_key_file is None:
            problems.append("LOKAL_JWT_JWKS_URL (or LOKAL_JWT_PUBLIC_KEY_FILE) must be set")
        if self.jwt_issuer.endswith(".invalid/"):
            problems.append("LOKAL_JWT_ISSUER is the development default")
        return problems

    @classmethod
    def of(cls, settings: ServiceSettings | None) -> Self:
        """These settings from what a composition root was given (the environment when nothing)."""
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        return cls(**settings.model_dump())

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        file = self.data_dir / f"{self.service_name or 'platform'}.sqlite"
        return f"sqlite+aiosqlite:///{file}"

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.DEVELOPMENT
