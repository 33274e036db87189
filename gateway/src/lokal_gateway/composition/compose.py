"""compose(): subgraph SDLs in, a validated supergraph SDL out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import build_ast_schema, parse, validate_schema

from lokal_gateway.composition.errors import CompositionError, CompositionProblem
from lokal_gateway.composition.merge import merge
from lokal_gateway.composition.printer import print_supergraph
from lokal_gateway.composition.reachability import check_reachability, check_sharing
from lokal_gateway.composition.rules import check_external_bases, check_subgraph
from lokal_gateway.composition.subgraph import read_subgraph


@dataclass(frozen=True)
class SubgraphSource:
    """A subgraph's name, the URL routers reach it at, and its `_service { sdl }`."""

    name: str
    url: str
    sdl: str


def compose(sources: Sequence[SubgraphSource]) -> str:
    """The supergraph SDL; raises CompositionError listing every broken rule."""
    names = [s.name for s in sources]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise CompositionError(
            [
                CompositionProblem("DUPLICATE_SUBGRAPH", "two subgraphs share this name", n)
                for n in duplicates
            ]
        )
    problems: list[CompositionProblem] = []
    subgraphs = []
    for source in sources:
        try:
            subgraphs.append(read_subgraph(source.name, source.url, source.sdl))
        except CompositionError as error:
            problems += error.problems
    if problems:
        raise CompositionError(problems)
    for subgraph in subgraphs:
        problems += check_subgraph(subgraph, set(names))
    problems += check_external_bases(subgraphs)
    merged, merge_problems = merge(subgraphs)
    problems += merge_problems
    if not problems:
        by_name = {s.name: s for s in subgraphs}
        problems += check_sharing(merged, by_name)
        problems += check_reachability(merged, subgraphs)
    if problems:
        raise CompositionError(problems)
    supergraph = print_supergraph(merged, subgraphs)
    _check_valid(supergraph)
    return supergraph


def _check_valid(supergraph: str) -> None:
    """The API schema must be a valid GraphQL schema (interfaces implemented, and so on)."""
    from lokal_gateway.supergraph import api_document

    errors = validate_schema(build_ast_schema(api_document(parse(supergraph))))
    if errors:
        raise CompositionError(
            [CompositionProblem("INVALID_SUPERGRAPH", error.message) for error in errors]
        )
