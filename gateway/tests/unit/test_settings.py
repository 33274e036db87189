"""The gateway's settings: subgraph URLs and per-subgraph timeouts from the environment."""

from __future__ import annotations

import pytest

from lokal_gateway.server.settings import GatewaySettings


def test_subgraph_urls_and_timeouts_are_read_from_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "LOKAL_GATEWAY_SUBGRAPHS", "projects=http://p:8000/graphql, people=http://q/graphql"
    )
    monkeypatch.setenv("LOKAL_GATEWAY_SUBGRAPH_TIMEOUTS", "matching=30")
    monkeypatch.setenv("LOKAL_GATEWAY_SUBGRAPH_TIMEOUT_SECONDS", "4")
    settings = GatewaySettings()
    assert settings.subgraph_urls() == {
        "projects": "http://p:8000/graphql",
        "people": "http://q/graphql",
    }
    assert settings.timeout_of("matching") == 30.0
    assert settings.timeout_of("people") == 4.0


def test_a_malformed_pair_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOKAL_GATEWAY_SUBGRAPHS", "projects")
    with pytest.raises(ValueError, match="LOKAL_GATEWAY_SUBGRAPHS"):
        GatewaySettings().subgraph_urls()


def test_production_needs_a_supergraph_file_and_a_real_issuer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOKAL_ENVIRONMENT", "production")
    with pytest.raises(ValueError, match="LOKAL_GATEWAY_SUPERGRAPH_FILE"):
        GatewaySettings()
