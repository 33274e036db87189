"""Fixtures: the miniature platform composed, and a gateway over it in this process."""

from __future__ import annotations

import pytest

from lokal_gateway.gateway import Gateway
from lokal_gateway.supergraph import Supergraph
from lokal_gateway.testing.harness import compose_miniature, in_process


@pytest.fixture(scope="session")
def supergraph() -> Supergraph:
    return compose_miniature()


@pytest.fixture
def gateway(supergraph: Supergraph) -> Gateway:
    return in_process(supergraph)
