"""The HTTP side of a subgraph: GraphQL endpoint, health, request ids, metrics, body limit."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from opentelemetry import trace
from strawberry.fastapi import GraphQLRouter

from lokal_kit.auth.tokens import TokenVerifier
from lokal_kit.errors import LokalError, Unauthenticated
from lokal_kit.health import Health
from lokal_kit.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    end_observation,
    observe_request,
    watch_pool,
)
from lokal_kit.service import Service
from lokal_kit.tracing import instrument_app

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY_BYTES = 1_000_000
OPERATIONS_PATHS = ("/livez", "/readyz", "/metrics")

access_log = structlog.get_logger("lokal.access")


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

    app.add_middleware(GraphQLBodyCheck)
    app.add_middleware(RequestMiddleware, service=service.name, max_body_bytes=max_body_bytes)
    instrument_app(app)
    watch_pool(service.name, service.database)
    return app


class RequestMiddleware:
    """Request ids in logs and headers, HTTP metrics, an access log, and a cap on the body size.

    The access log names the method, path, status, duration and GraphQL operation,
    never the client's address, headers or variables: those may be personal data.
    """

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
        path = _local_path(scope)
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
                extra = [(b"x-request-id", request_id.encode())]
                if (trace_id := _trace_id()) is not None:
                    extra.append((b"x-trace-id", trace_id.encode()))
                message.setdefault("headers", []).extend(extra)
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        observation, token = observe_request(self._service)
        try:
            await self._app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            await _too_large(send, self._max_body_bytes)
            status = 413
        finally:
            elapsed = time.perf_counter() - started
            end_observation(token)
            label = path if path == "/graphql" or path in OPERATIONS_PATHS else "other"
            operation = observation.operation or "-"
            HTTP_REQUESTS.labels(self._service, label, operation, str(status)).inc()
            HTTP_LATENCY.labels(self._service, label, operation).observe(elapsed)
            access_log.log(
                logging.DEBUG if label in OPERATIONS_PATHS else logging.INFO,
                "request",
                service=self._service,
                method=scope.get("method", ""),
                path=label,
                operation=operation,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )
            structlog.contextvars.unbind_contextvars("request_id")


class GraphQLBodyCheck:
    """POSTs to /graphql must carry one JSON object in UTF-8, as at the gateway.

    Strawberry answers other bodies in plain text, with 400 for a wrong media type, and with a
    500 for invalid UTF-8 or a JSON value that is not an object. Here they get the gateway's
    answer: 415 UNSUPPORTED_MEDIA_TYPE or 400 BAD_REQUEST, as GraphQL errors.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or _local_path(scope).rstrip("/") != "/graphql"
        ):
            await self._app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        media = headers.get(b"content-type", b"").decode("latin-1").partition(";")[0]
        if media.strip().lower() != "application/json":
            await _refuse(
                send, 415, "POST bodies must be application/json", "UNSUPPORTED_MEDIA_TYPE"
            )
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        try:
            parsed = json.loads(body.decode("utf-8"))
        except ValueError:  # invalid UTF-8 or invalid JSON
            await _refuse(send, 400, "the body is not valid JSON in UTF-8", "BAD_REQUEST")
            return
        if not isinstance(parsed, dict):
            await _refuse(send, 400, "the body must be a JSON object", "BAD_REQUEST")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self._app(scope, replay, send)


def _local_path(scope: Scope) -> str:
    """The path below the mount point (the embedded platform mounts each subgraph)."""
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    await _refuse(send, 413, f"the request body is larger than {limit} bytes", "PAYLOAD_TOO_LARGE")


async def _refuse(send: Send, status: int, message: str, code: str) -> None:
    error = {"message": message, "extensions": {"code": code}}
    body = json.dumps({"errors": [error]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
