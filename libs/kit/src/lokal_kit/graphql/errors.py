"""Errors on their way to the client: typed ones keep their code, unexpected ones are masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension

from lokal_kit.errors import LokalError
from lokal_kit.tracing import current_trace_id

log = logging.getLogger(__name__)

INTERNAL = "INTERNAL_SERVER_ERROR"
CHARACTER_NOT_IN_REPERTOIRE = "22021"


def client_error(error: GraphQLError) -> GraphQLError:
    """The error as the client may see it."""
    original = error.original_error
    if original is None:
        # parse and validation errors describe the client's own document
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": _document_code(error)}
        return error
    if isinstance(original, LokalError):
        error.extensions = {**(error.extensions or {}), **original.extensions()}
        return error
    if isinstance(original, GraphQLError) and original.extensions:
        return error
    if isinstance(original, DBAPIError) and _sqlstate(original) == CHARACTER_NOT_IN_REPERTOIRE:
        # PostgreSQL cannot store U+0000 in text (SQLite can): the input, not the service, is wrong
        return GraphQLError(
            "text must not contain the NUL character (U+0000)",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "BAD_USER_INPUT"},
        )
    trace_id = current_trace_id()
    if isinstance(original, DBAPIError) and original.connection_invalidated:
        log.warning("database connection lost (trace %s); the pool reconnects", trace_id)
        return GraphQLError(
            "The service lost its database connection; please try again.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "SERVICE_UNAVAILABLE", "traceId": trace_id},
        )
    log.error(
        "unexpected error in %s (trace %s)",
        ".".join(str(p) for p in error.path or ()) or "operation",
        trace_id,
        exc_info=original,
    )
    return GraphQLError(
        f"Internal error. Quote trace id {trace_id} when you report it.",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": INTERNAL, "traceId": trace_id},
    )


def _sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE of a PostgreSQL error, as SQLAlchemy's asyncpg and psycopg adapters give it."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code if isinstance(code, str) else None


def _document_code(error: GraphQLError) -> str:
    """The gateway's codes for the same mistakes, so a client sees one vocabulary."""
    if isinstance(error, GraphQLSyntaxError):
        # graphql-core's parser reports its token limit as a syntax error
        return "TOO_MANY_TOKENS" if "tokens" in error.message else "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


class ErrorPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [client_error(error) for error in result.errors]
