"""The miniature platform's subgraphs by name, in the order they compose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strawberry.federation import Schema

from lokal_gateway.testing import crew, sites, teams, training


@dataclass(frozen=True)
class MiniatureSubgraph:
    name: str
    schema: Schema
    context_factory: Callable[[Any], Any]


def miniature(*names: str) -> list[MiniatureSubgraph]:
    """The named subgraphs (all four when none are named)."""
    modules = {"sites": sites, "crew": crew, "teams": teams, "training": training}
    chosen = names or tuple(modules)
    return [MiniatureSubgraph(n, modules[n].schema(), modules[n].context) for n in chosen]
