"""Composition: subgraph SDLs validated and merged into a supergraph SDL (join spec v0.5)."""

from lokal_gateway.composition.compose import compose
from lokal_gateway.composition.errors import CompositionError, CompositionProblem
from lokal_gateway.composition.subgraph import Subgraph, read_subgraph

__all__ = ["CompositionError", "CompositionProblem", "Subgraph", "compose", "read_subgraph"]
