"""The gateway of the embedded platform: subgraphs executed in this process, composed at start."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from strawberry.federation import Schema

from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.execution.transport import InProcessTransport, Transport
from lokal_gateway.gateway import Gateway
from lokal_gateway.limits import Limits
from lokal_gateway.supergraph import load_supergraph
from lokal_kit.auth import Principal

SDL_QUERY = "{ _service { sdl } }"


def in_process_gateway(
    subgraphs: Mapping[str, tuple[Schema, Callable[[Principal], Any]]],
    *,
    limits: Limits | None = None,
    timeout: float = 10.0,
) -> Gateway:
    """`subgraphs`: name -> (Strawberry federation schema, context factory of a principal)."""
    sources = []
    transports: dict[str, Transport] = {}
    for name, (schema, context_factory) in subgraphs.items():
        result = schema.execute_sync(SDL_QUERY)
        if result.errors or result.data is None:
            raise RuntimeError(f"subgraph {name} did not give its SDL: {result.errors}")
        sources.append(SubgraphSource(name, f"inprocess://{name}", result.data["_service"]["sdl"]))
        transports[name] = InProcessTransport(name, schema, context_factory, timeout=timeout)
    return Gateway(load_supergraph(compose(sources)), transports, limits=limits)
