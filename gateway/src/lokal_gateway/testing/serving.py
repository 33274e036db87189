"""Serving subgraphs (or a gateway) over real HTTP on a free local port, inside the running loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import uvicorn
from starlette.requests import Request
from strawberry.asgi import GraphQL
from strawberry.federation import Schema

from lokal_kit.auth import ANONYMOUS, Principal
from lokal_kit.auth.tokens import TokenVerifier

ASGIApp = Callable[..., Any]


class SubgraphApp(GraphQL[Any, None]):
    """A Strawberry subgraph over HTTP; it verifies the forwarded token like the services do."""

    def __init__(
        self,
        schema: Schema,
        context_factory: Callable[[Principal], Any],
        verifier: TokenVerifier | None = None,
    ) -> None:
        super().__init__(schema, graphql_ide=None)
        self.context_factory = context_factory
        self.verifier = verifier
        self.seen_authorization: list[str | None] = []

    async def get_context(self, request: Any, response: Any) -> Any:
        assert isinstance(request, Request)
        authorization = request.headers.get("authorization")
        self.seen_authorization.append(authorization)
        principal = ANONYMOUS
        if self.verifier is not None:
            principal = self.verifier.principal(authorization)
        return self.context_factory(principal)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, port: int | None = None) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1 while the block runs; yields the base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="auto")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the server stopped while starting")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
