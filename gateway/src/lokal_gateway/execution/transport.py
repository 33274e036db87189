"""How the executor reaches a subgraph: over HTTP, or in the same process. It cannot tell which."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp
import orjson
from strawberry.federation import Schema

from lokal_kit.auth import ANONYMOUS, Principal


@dataclass(frozen=True)
class SubgraphRequest:
    document: str
    variables: dict[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """Forwarded from the client: Authorization and the W3C trace context."""
    principal: Principal = ANONYMOUS
    """The verified caller, for transports that run the subgraph in this process."""
    deduplicate: bool = False
    """Identical requests in flight at the same time may share one answer (queries only)."""


class SubgraphUnavailable(Exception):
    """The subgraph did not answer with a GraphQL response (down, slow, or broken)."""


class Transport(Protocol):
    name: str

    async def send(self, request: SubgraphRequest) -> dict[str, Any]: ...

    async def close(self) -> None: ...


IDLE_CONNECTION_SECONDS = 60.0
"""How long an idle connection to a subgraph stays in the pool; the subgraphs keep theirs open
longer (`lokal serve`: 75 s), so that none is closed under a request being sent on it."""


class HttpTransport:
    """One pooled keep-alive client per subgraph; identical in-flight queries share a request.

    aiohttp rather than httpx: under concurrent requests httpx's pool costs several times
    more CPU per request (encode/httpx#3215), which showed as a tenfold throughput drop.
    """

    def __init__(
        self,
        name: str,
        url: str,
        *,
        timeout: float = 10.0,
        max_connections: int = 100,
    ) -> None:
        self.name = name
        self.url = url
        self.timeout = timeout
        self.max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._in_flight: dict[tuple[str, bytes, str], asyncio.Future[bytes]] = {}
        self.requests_sent = 0

    def _client(self) -> aiohttp.ClientSession:
        # created on first use: a session belongs to the running event loop
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self.max_connections, keepalive_timeout=IDLE_CONNECTION_SECONDS
                ),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                json_serialize=lambda value: orjson.dumps(value).decode(),
            )
        return self._session

    async def send(self, request: SubgraphRequest) -> dict[str, Any]:
        body = orjson.dumps(
            {"query": request.document, "variables": request.variables}
            if request.variables
            else {"query": request.document}
        )
        if not request.deduplicate:
            return _decode(self.name, await self._post(body, request.headers))
        key = (request.document, body, request.headers.get("authorization", ""))
        waiting = self._in_flight.get(key)
        if waiting is not None:
            return _decode(self.name, await asyncio.shield(waiting))
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            content = await self._post(body, request.headers)
            future.set_result(content)
        except BaseException as error:
            future.set_exception(error)
            # nobody else may be waiting: retrieve it so asyncio does not warn
            future.exception()
            raise
        finally:
            del self._in_flight[key]
        return _decode(self.name, content)

    async def _post(self, body: bytes, headers: Mapping[str, str]) -> bytes:
        self.requests_sent += 1
        try:
            async with self._client().post(
                self.url,
                data=body,
                headers={
                    "content-type": "application/json",
                    "accept": "application/graphql-response+json, application/json",
                    **headers,
                },
            ) as response:
                content = await response.read()
                status = response.status
                content_type = response.headers.get("content-type", "")
        except TimeoutError:
            raise SubgraphUnavailable(
                f"subgraph {self.name} did not answer within {self.timeout:g} s"
            ) from None
        except aiohttp.ClientError as error:
            raise SubgraphUnavailable(
                f"subgraph {self.name} is unreachable: {type(error).__name__}"
            ) from None
        if status >= 500 or not content_type.startswith(
            ("application/json", "application/graphql-response+json")
        ):
            raise SubgraphUnavailable(
                f"subgraph {self.name} answered HTTP {status} without a GraphQL result"
            )
        return content

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _decode(name: str, content: bytes) -> dict[str, Any]:
    try:
        result = orjson.loads(content)
    except orjson.JSONDecodeError:
        raise SubgraphUnavailable(f"subgraph {name} answered with malformed JSON") from None
    if not isinstance(result, dict) or not ("data" in result or "errors" in result):
        raise SubgraphUnavailable(f"subgraph {name} answered without data or errors")
    return result


class InProcessTransport:
    """Executes the subgraph's Strawberry schema in this process: no sockets, same answers."""

    def __init__(
        self,
        name: str,
        schema: Schema,
        context_factory: Callable[[Principal], Any],
        *,
        timeout: float = 10.0,
    ) -> None:
        self.name = name
        self.schema = schema
        self.context_factory = context_factory
        self.timeout = timeout
        self.requests_sent = 0

    async def send(self, request: SubgraphRequest) -> dict[str, Any]:
        self.requests_sent += 1
        try:
            async with asyncio.timeout(self.timeout):
                result = await self.schema.execute(
                    request.document,
                    variable_values=request.variables,
                    context_value=self.context_factory(request.principal),
                )
        except TimeoutError:
            raise SubgraphUnavailable(
                f"subgraph {self.name} did not answer within {self.timeout:g} s"
            ) from None
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        return answer

    async def close(self) -> None:
        return None
