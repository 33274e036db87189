"""The gateway's configuration, from LOKAL_GATEWAY_* (then LOKAL_*) environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from lokal_kit.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    service_name: ClassVar[str] = "gateway"

    supergraph_file: Path | None = Field(
        default=None,
        description="A composed supergraph SDL to serve; without it the gateway composes "
        "the subgraphs' SDL at start.",
    )
    subgraphs: str = Field(
        default="",
        description="name=URL pairs separated by commas; they override the supergraph's URLs.",
    )
    subgraph_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    subgraph_timeouts: str = Field(
        default="", description="name=seconds pairs, comma separated: per-subgraph timeouts."
    )
    subgraph_max_connections: int = Field(default=100, ge=1, le=10_000)
    cors_origins: str = Field(
        default="", description="Allowed origins, comma separated; * for any."
    )
    trusted_documents_file: Path | None = Field(
        default=None, description="Only the operations in this manifest run (production)."
    )
    persisted_queries: bool = Field(default=True, description="Automatic persisted queries (APQ).")
    query_plan_header: bool | None = Field(
        default=None,
        description="Answer X-Query-Plan: true with extensions.queryPlan "
        "(default: in development only).",
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1000, le=100_000_000)
    plan_cache_size: int = Field(default=1000, ge=10, le=1_000_000)

    def subgraph_urls(self) -> dict[str, str]:
        urls = {}
        for pair in filter(None, (p.strip() for p in self.subgraphs.split(","))):
            name, separator, url = pair.partition("=")
            if not separator or not url:
                raise ValueError(f"LOKAL_GATEWAY_SUBGRAPHS: {pair!r} is not name=URL")
            urls[name.strip()] = url.strip()
        return urls

    def timeout_of(self, name: str) -> float:
        for pair in filter(None, (p.strip() for p in self.subgraph_timeouts.split(","))):
            subgraph, separator, seconds = pair.partition("=")
            if not separator:
                raise ValueError(f"LOKAL_GATEWAY_SUBGRAPH_TIMEOUTS: {pair!r} is not name=seconds")
            if subgraph.strip() == name:
                return float(seconds)
        return self.subgraph_timeout_seconds

    def production_problems(self) -> list[str]:
        # the gateway has no database or broker; tokens and a fixed schema matter
        problems = []
        if not self.jwt_jwks_url and self.jwt_public_key_file is None:
            problems.append("LOKAL_JWT_JWKS_URL (or LOKAL_JWT_PUBLIC_KEY_FILE) must be set")
        if self.jwt_issuer.endswith(".invalid/"):
            problems.append("LOKAL_JWT_ISSUER is the development default")
        if self.supergraph_file is None:
            problems.append("{prefix}SUPERGRAPH_FILE must name the composed supergraph")
        return problems
