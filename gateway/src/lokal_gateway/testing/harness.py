"""The miniature platform composed, and gateways over it: in-process and over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.execution.transport import HttpTransport, InProcessTransport, Transport
from lokal_gateway.gateway import Gateway
from lokal_gateway.supergraph import Supergraph, load_supergraph
from lokal_gateway.testing.platform import MiniatureSubgraph, miniature
from lokal_gateway.testing.serving import SubgraphApp, serving
from lokal_kit.auth.tokens import TokenVerifier


def sdl_of(subgraph: MiniatureSubgraph) -> str:
    result = subgraph.schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None
    sdl: str = result.data["_service"]["sdl"]
    return sdl


def compose_miniature(*names: str) -> Supergraph:
    subgraphs = miniature(*names)
    return load_supergraph(
        compose(
            [
                SubgraphSource(s.name, f"http://{s.name}.invalid/graphql", sdl_of(s))
                for s in subgraphs
            ]
        )
    )


def in_process(supergraph: Supergraph, timeout: float = 10.0) -> Gateway:
    transports: dict[str, Transport] = {
        s.name: InProcessTransport(s.name, s.schema, s.context_factory, timeout=timeout)
        for s in miniature(*supergraph.graphs)
    }
    return Gateway(supergraph, transports)


@contextlib.asynccontextmanager
async def over_http(
    supergraph: Supergraph, verifier: TokenVerifier | None = None, timeout: float = 10.0
) -> AsyncIterator[tuple[Gateway, dict[str, SubgraphApp]]]:
    """Every subgraph served on its own port; the gateway reaches them with HTTP transports."""
    apps = {
        s.name: SubgraphApp(s.schema, s.context_factory, verifier)
        for s in miniature(*supergraph.graphs)
    }
    async with contextlib.AsyncExitStack() as stack:
        transports: dict[str, Transport] = {}
        for name, app in apps.items():
            url = await stack.enter_async_context(serving(app))
            transports[name] = HttpTransport(name, f"{url}/graphql", timeout=timeout)
        gateway = Gateway(supergraph, transports)
        try:
            yield gateway, apps
        finally:
            await gateway.close()
