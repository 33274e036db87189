"""GraphQL over HTTP as a bare ASGI endpoint (no framework in the hot path).

POST with JSON and GET with URL parameters; `application/graphql-response+json` (request
errors are 4xx) or `application/json` (always 200 once the body is understood); mutations
only by POST; GraphiQL in development; APQ; optional trusted documents; the caller's
token verified here and forwarded with the trace context.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import OperationType
from strawberry.http.ides import get_graphql_ide_html

from lokal_gateway.gateway import Gateway, OperationNotAllowed, RequestError, graphql_error
from lokal_gateway.server.documents import (
    PersistedQueries,
    PersistedQueryNotFound,
    TrustedDocuments,
)
from lokal_gateway.server.errors import HttpError
from lokal_gateway.server.params import GRAPHQL_RESPONSE, JSON, get_params, negotiate, validated
from lokal_kit.auth import ANONYMOUS, Principal
from lokal_kit.auth.tokens import TokenVerifier
from lokal_kit.errors import Unauthenticated
from lokal_kit.metrics import GRAPHQL_OPERATIONS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

FORWARDED = (b"authorization", b"traceparent", b"tracestate")
QUERY_ONLY = frozenset({OperationType.QUERY})


@dataclass
class EndpointOptions:
    verifier: TokenVerifier | None = None
    """None: no token checking at the gateway (the subgraphs still check what is forwarded)."""
    graphiql: bool = False
    expose_query_plan: bool = False
    """Answer `extensions.queryPlan` when the request carries `X-Query-Plan: true`."""
    persisted_queries: PersistedQueries | None = field(default_factory=PersistedQueries)
    trusted_documents: TrustedDocuments | None = None
    cors_origins: frozenset[str] = frozenset()
    max_body_bytes: int = 1_000_000


class GraphQLEndpoint:
    def __init__(self, gateway: Gateway, options: EndpointOptions | None = None) -> None:
        self.gateway = gateway
        self.options = options or EndpointOptions()
        self._graphiql = get_graphql_ide_html("graphiql").encode() if self.options.graphiql else b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = dict(scope["headers"])
        cors = self._cors_headers(headers)
        method = scope["method"]
        if method == "OPTIONS":
            await _respond(send, 204, b"", [*cors, (b"access-control-max-age", b"600")], None)
            return
        wants = negotiate(headers.get(b"accept", b"").decode("latin-1"))
        started = time.perf_counter()
        # labelled by method, not by the client's operationName: clients choose those freely
        outcome, label = "error", method.lower()
        try:
            if (
                method == "GET"
                and not scope.get("query_string")
                and b"text/html" in headers.get(b"accept", b"")
            ):
                if not self.options.graphiql:
                    raise HttpError(404, "GraphiQL is only served in development", "NOT_FOUND")
                await _respond(send, 200, self._graphiql, cors, "text/html; charset=utf-8")
                return
            params = await self._params(scope, method, headers, receive)
            status, body = await self._execute(params, method, headers, wants)
            outcome = "ok" if status == 200 and not body.get("errors") else "error"
        except HttpError as error:
            status, body = error.status, {"errors": [error.error]}
            cors = [*cors, *error.headers]
        except RequestError as error:
            status, body = (400 if wants == GRAPHQL_RESPONSE else 200), {"errors": error.errors}
        finally:
            GRAPHQL_OPERATIONS.labels("gateway", label, outcome).observe(
                time.perf_counter() - started
            )
        await _respond(send, status, orjson.dumps(body), cors, f"{wants}; charset=utf-8")

    def _cors_headers(self, headers: dict[bytes, bytes]) -> list[tuple[bytes, bytes]]:
        origin = headers.get(b"origin")
        allowed = self.options.cors_origins
        if (
            origin is None
            or not allowed
            or ("*" not in allowed and origin.decode("latin-1") not in allowed)
        ):
            return []
        return [
            (b"access-control-allow-origin", origin),
            (b"vary", b"Origin"),
            (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
            (
                b"access-control-allow-headers",
                b"authorization, content-type, traceparent, tracestate, x-query-plan",
            ),
        ]

    async def _params(
        self, scope: Scope, method: str, headers: dict[bytes, bytes], receive: Receive
    ) -> dict[str, Any]:
        if method == "GET":
            return get_params(scope.get("query_string", b""))
        if method != "POST":
            raise HttpError(
                405, "use GET or POST", "METHOD_NOT_ALLOWED", [(b"allow", b"GET, POST")]
            )
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        media, _, parameters = content_type.partition(";")
        if media.strip() != JSON:
            raise HttpError(415, "POST bodies must be application/json", "UNSUPPORTED_MEDIA_TYPE")
        if "charset" in parameters and "utf-8" not in parameters:
            raise HttpError(415, "only utf-8 bodies are understood", "UNSUPPORTED_MEDIA_TYPE")
        body = await self._body(headers, receive)
        try:
            params = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise HttpError(400, "the body is not valid JSON", "BAD_REQUEST") from None
        if not isinstance(params, dict):
            raise HttpError(400, "the body must be a JSON object", "BAD_REQUEST")
        return params

    async def _body(self, headers: dict[bytes, bytes], receive: Receive) -> bytes:
        limit = self.options.max_body_bytes
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise HttpError(
                413, f"the request body is larger than {limit} bytes", "PAYLOAD_TOO_LARGE"
            )
        chunks = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise HttpError(
                    413, f"the request body is larger than {limit} bytes", "PAYLOAD_TOO_LARGE"
                )
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    async def _execute(
        self, params: dict[str, Any], method: str, headers: dict[bytes, bytes], wants: str
    ) -> tuple[int, dict[str, Any]]:
        request_error = 400 if wants == GRAPHQL_RESPONSE else 200
        try:
            query, variables, operation_name, extensions = validated(params)
            query = self._document(query, params.get("documentId"), extensions)
            principal = self._principal(headers)
            forwarded = {
                k.decode(): headers[k].decode("latin-1") for k in FORWARDED if k in headers
            }
            result = await self.gateway.execute(
                query,
                variables,
                operation_name,
                principal=principal,
                headers=forwarded,
                allowed=QUERY_ONLY if method == "GET" else None,
                include_plan=self.options.expose_query_plan
                and headers.get(b"x-query-plan", b"").lower() == b"true",
            )
            return 200, result
        except PersistedQueryNotFound:
            return 200, {"errors": [PersistedQueryNotFound.error]}
        except RequestError as error:
            return request_error, {"errors": error.errors}
        except OperationNotAllowed as error:
            raise HttpError(
                405,
                f"{error.kind.value} operations need POST",
                "METHOD_NOT_ALLOWED",
                [(b"allow", b"POST")],
            ) from None
        except Unauthenticated as error:
            raise HttpError(
                401, error.message, "UNAUTHENTICATED", [(b"www-authenticate", b"Bearer")]
            ) from None

    def _document(
        self, query: str | None, document_id: object, extensions: dict[str, Any] | None
    ) -> str:
        if document_id is not None and not isinstance(document_id, str):
            raise RequestError([graphql_error("documentId must be a string", "BAD_REQUEST")])
        if self.options.trusted_documents is not None:
            return self.options.trusted_documents.resolve(query, document_id, extensions)
        if self.options.persisted_queries is not None:
            query = self.options.persisted_queries.resolve(query, extensions)
        if query is None:
            raise RequestError([graphql_error("the request has no query", "BAD_REQUEST")])
        return query

    def _principal(self, headers: dict[bytes, bytes]) -> Principal:
        authorization = headers.get(b"authorization")
        if self.options.verifier is None or authorization is None:
            return ANONYMOUS
        return self.options.verifier.principal(authorization.decode("latin-1"))


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
    content_type: str | None,
) -> None:
    response_headers = [(b"content-length", str(len(body)).encode()), *headers]
    if content_type is not None:
        response_headers.append((b"content-type", content_type.encode()))
    await send({"type": "http.response.start", "status": status, "headers": response_headers})
    await send({"type": "http.response.body", "body": body})
