"""Requests refused before GraphQL runs: an HTTP status with one error in the body."""

from __future__ import annotations

from lokal_gateway.gateway import graphql_error


class HttpError(Exception):
    def __init__(
        self, status: int, message: str, code: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = graphql_error(message, code)
        self.headers = headers or []
