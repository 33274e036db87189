"""Comparing two schemas (subgraph SDLs or supergraphs): what breaks clients, what might."""

from __future__ import annotations

from graphql import (
    GraphQLSchema,
    build_ast_schema,
    find_breaking_changes,
    find_dangerous_changes,
    parse,
)

from lokal_gateway.supergraph import load_supergraph


def client_schema(sdl: str) -> GraphQLSchema:
    """A supergraph becomes its API schema; any other SDL is read as it is."""
    if "join__Graph" in sdl:
        return load_supergraph(sdl).api_schema
    return build_ast_schema(parse(sdl), assume_valid_sdl=True)


def schema_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    before, after = client_schema(old), client_schema(new)
    breaking = [f"{c.type.name}: {c.description}" for c in find_breaking_changes(before, after)]
    dangerous = [f"{c.type.name}: {c.description}" for c in find_dangerous_changes(before, after)]
    return breaking, dangerous
