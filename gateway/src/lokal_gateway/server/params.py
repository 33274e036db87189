"""Reading a GraphQL-over-HTTP request's parameters, and what media type to answer in."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import orjson

from lokal_gateway.server.errors import HttpError

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def validated(
    params: dict[str, Any],
) -> tuple[str | None, dict[str, Any] | None, str | None, dict[str, Any] | None]:
    query = params.get("query")
    variables = params.get("variables")
    operation_name = params.get("operationName")
    extensions = params.get("extensions")
    problems = []
    if query is not None and not isinstance(query, str):
        problems.append("query must be a string")
    if (
        query is None
        and not params.get("documentId")
        and not (isinstance(extensions, dict) and "persistedQuery" in extensions)
    ):
        problems.append("the request has no query")
    if variables is not None and not isinstance(variables, dict):
        problems.append("variables must be an object")
    if operation_name is not None and not isinstance(operation_name, str):
        problems.append("operationName must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        problems.append("extensions must be an object")
    if problems:
        # not a well-formed GraphQL-over-HTTP request: 400 whatever the media type
        raise HttpError(400, "; ".join(problems), "BAD_REQUEST")
    return query, variables, operation_name, extensions


def get_params(query_string: bytes) -> dict[str, Any]:
    raw = {
        k: v[-1]
        for k, v in parse_qs(query_string.decode("latin-1"), keep_blank_values=True).items()
    }
    params: dict[str, Any] = {}
    for key in ("query", "operationName", "documentId"):
        if key in raw:
            params[key] = raw[key]
    for key in ("variables", "extensions"):
        if raw.get(key):
            try:
                params[key] = orjson.loads(raw[key])
            except orjson.JSONDecodeError:
                raise HttpError(400, f"{key} is not valid JSON", "BAD_REQUEST") from None
    return params


def negotiate(accept: str) -> str:
    """What the client asks for; application/json for legacy clients (no Accept, or */*)."""
    if not accept:
        return JSON
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, _, rest = part.strip().partition(";")
        quality = 1.0
        for parameter in rest.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "*/*", "application/*"):
            return JSON
    return JSON
