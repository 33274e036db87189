"""The standalone gateway process: the GraphQL endpoint plus /livez, /readyz and /metrics."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI

from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.execution.transport import HttpTransport, SubgraphRequest, Transport
from lokal_gateway.gateway import Gateway
from lokal_gateway.limits import Limits
from lokal_gateway.server.documents import PersistedQueries, TrustedDocuments
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint, Receive, Scope, Send
from lokal_gateway.server.settings import GatewaySettings
from lokal_gateway.supergraph import load_supergraph
from lokal_kit.auth.tokens import verifier_for
from lokal_kit.health import Check, Health

log = logging.getLogger(__name__)
# one line per subgraph request would cost more than the request itself
logging.getLogger("httpx").setLevel(logging.WARNING)
SDL_QUERY = "{ _service { sdl } }"


async def subgraph_sdl(transport: Transport) -> str:
    answer = await transport.send(SubgraphRequest(SDL_QUERY))
    data = answer.get("data") or {}
    sdl = (data.get("_service") or {}).get("sdl")
    if not isinstance(sdl, str):
        raise RuntimeError(
            f"subgraph {transport.name} did not give its SDL: {answer.get('errors')}"
        )
    return sdl


async def compose_from(transports: Mapping[str, Transport], urls: Mapping[str, str]) -> str:
    """Compose the supergraph from what the subgraphs say about themselves right now."""
    sources = [
        SubgraphSource(name, urls.get(name, f"inprocess://{name}"), await subgraph_sdl(t))
        for name, t in transports.items()
    ]
    return compose(sources)


def limits_of(settings: GatewaySettings) -> Limits:
    return Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_body_bytes=settings.max_body_bytes,
    )


async def build_gateway(settings: GatewaySettings) -> Gateway:
    """Over HTTP: from the supergraph file (URLs overridable), or composed at start."""
    overrides = settings.subgraph_urls()
    if settings.supergraph_file is not None:
        supergraph = load_supergraph(settings.supergraph_file.read_text())
        urls = {name: overrides.get(name, graph.url) for name, graph in supergraph.graphs.items()}
        transports = _http(urls, settings)
    else:
        if not overrides:
            raise ValueError("set LOKAL_GATEWAY_SUPERGRAPH_FILE or LOKAL_GATEWAY_SUBGRAPHS")
        transports = _http(overrides, settings)
        supergraph = load_supergraph(await compose_from(transports, overrides))
    return Gateway(
        supergraph, transports, limits=limits_of(settings), cache_size=settings.plan_cache_size
    )


def _http(urls: Mapping[str, str], settings: GatewaySettings) -> dict[str, Transport]:
    return {
        name: HttpTransport(
            name,
            url,
            timeout=settings.timeout_of(name),
            max_connections=settings.subgraph_max_connections,
        )
        for name, url in urls.items()
    }


def endpoint_options(settings: GatewaySettings) -> EndpointOptions:
    verifier = verifier_for(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks_url=settings.jwt_jwks_url,
        public_key_file=settings.jwt_public_key_file,
        data_dir=settings.data_dir,
    )
    expose = settings.query_plan_header
    return EndpointOptions(
        verifier=verifier,
        graphiql=settings.is_development,
        expose_query_plan=settings.is_development if expose is None else expose,
        persisted_queries=PersistedQueries() if settings.persisted_queries else None,
        trusted_documents=TrustedDocuments.load(settings.trusted_documents_file)
        if settings.trusted_documents_file
        else None,
        cors_origins=frozenset(o.strip() for o in settings.cors_origins.split(",") if o.strip()),
        max_body_bytes=settings.max_body_bytes,
    )


class GatewayApp:
    """ASGI: /graphql straight to the endpoint, everything else to the operations routes."""

    def __init__(self, settings: GatewaySettings, gateway: Gateway | None = None) -> None:
        self.settings = settings
        self.gateway = gateway
        self.endpoint: GraphQLEndpoint | None = None
        self.health = Health()
        self.operations = FastAPI(title="Lokalprojekte gateway", docs_url=None, redoc_url=None)
        self.operations.include_router(self.health.router())

    async def start(self) -> None:
        if self.gateway is None:
            self.gateway = await build_gateway(self.settings)
        self.endpoint = GraphQLEndpoint(self.gateway, endpoint_options(self.settings))
        for name, transport in self.gateway.transports.items():
            self.health.add(f"subgraph:{name}", _answers(transport))

    async def stop(self) -> None:
        self.health.draining = True
        if self.gateway is not None:
            await self.gateway.close()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http" and scope["path"].rstrip("/") == "/graphql" and self.endpoint:
            await self.endpoint(scope, receive, send)
        else:
            await self.operations(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.start()
                except Exception as error:
                    log.exception("the gateway could not start")
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _answers(transport: Transport) -> Check:
    async def check() -> None:
        answer = await transport.send(SubgraphRequest("{ __typename }"))
        if answer.get("errors"):
            raise RuntimeError(str(answer["errors"])[:200])

    return check
