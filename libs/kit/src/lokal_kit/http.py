"""The HTTP side of a subgraph: GraphQL endpoint, health, request ids, metrics, body limit."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from lokal_kit.auth.tokens import TokenVerifier
from lokal_kit.errors import LokalError, Unauthenticated
from lokal_kit.health import Health
from lokal_kit.metrics import HTTP_LATENCY, HTTP_REQUESTS
from lokal_kit.service import Service

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY_BYTES = 1_000_000


def graphql_error_response(error: LokalError, status: int) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": error.message, "extensions": error.extensions()}]},
        status_code=status,
        headers={"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None,
    )


def graphql_router(service: Service, verifier: TokenVerifier) -> GraphQLRouter[Any, None]:
    async def context(request: Request) -> Any:
        principal = verifier.principal(request.headers.get("authorization"))
        return service.context_factory(principal)

    return GraphQLRouter(
        service.schema,
        context_getter=context,
        graphql_ide="graphiql" if service.settings.is_development else None,
    )


def create_service_app(
    service: Service,
    *,
    verifier: TokenVerifier,
    health: Health,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    app = FastAPI(title=f"Lokalprojekte {service.name} subgraph", docs_url=None, redoc_url=None)
    app.include_router(graphql_router(service, verifier), prefix="/graphql")
    for router in service.routers:
        app.include_router(router)
    app.include_router(health.router())

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(_: Request, error: Unauthenticated) -> JSONResponse:
        return graphql_error_response(error, 401)

    app.add_middleware(RequestMiddleware, service=service.name, max_body_bytes=max_body_bytes)
    return app


class RequestMiddleware:
    """Request ids in logs and headers, HTTP metrics, and a cap on the body size."""

    def __init__(self, app: ASGIApp, *, service: str, max_body_bytes: int) -> None:
        self._app = app
        self._service = service
        self._max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:100] or uuid.uuid4().hex
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self._max_body_bytes:
            await _too_large(send, self._max_body_bytes)
            return
        path = scope.get("path", "")
        status = 500
        started = time.perf_counter()
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self._max_body_bytes:
                raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self._app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            await _too_large(send, self._max_body_bytes)
            status = 413
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            label = path if path in ("/graphql", "/livez", "/readyz", "/metrics") else "other"
            HTTP_REQUESTS.labels(self._service, label, str(status)).inc()
            HTTP_LATENCY.labels(self._service, label).observe(time.perf_counter() - started)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    error = {
        "message": f"the request body is larger than {limit} bytes",
        "extensions": {"code": "PAYLOAD_TOO_LARGE"},
    }
    body = json.dumps({"errors": [error]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
