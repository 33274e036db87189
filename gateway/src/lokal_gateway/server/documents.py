"""Automatic persisted queries (Apollo's APQ protocol) and the trusted-documents mode."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lokal_gateway.gateway import LRU, RequestError, graphql_error


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class PersistedQueries:
    """Clients send a hash; the full document only when the gateway has not seen it yet."""

    def __init__(self, size: int = 5000) -> None:
        self._store: LRU[str, str] = LRU(size)

    def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> str | None:
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise RequestError(
                [
                    graphql_error(
                        "Unsupported persisted query version", "PERSISTED_QUERY_NOT_SUPPORTED"
                    )
                ]
            )
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str):
            raise RequestError(
                [graphql_error("persistedQuery.sha256Hash must be a string", "BAD_REQUEST")]
            )
        if query is None:
            known = self._store.get(digest)
            if known is None:
                # the client answers this by sending the document along with the hash
                raise PersistedQueryNotFound
            return known
        if sha256(query) != digest:
            raise RequestError([graphql_error("provided sha does not match query", "BAD_REQUEST")])
        self._store.put(digest, query)
        return query


class PersistedQueryNotFound(Exception):
    error = graphql_error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")


class TrustedDocuments:
    """Production mode: only operations registered ahead of time run."""

    def __init__(self, documents: Mapping[str, str]) -> None:
        self._by_id = {_bare(key): body for key, body in documents.items()}
        self._bodies = set(self._by_id.values())

    @classmethod
    def load(cls, path: Path) -> TrustedDocuments:
        """A manifest: Apollo's persisted-query manifest, or a plain {id: document} map."""
        content = json.loads(path.read_text())
        if isinstance(content, dict) and content.get("format") == "apollo-persisted-query-manifest":
            return cls({op["id"]: op["body"] for op in content["operations"]})
        if isinstance(content, dict) and all(isinstance(v, str) for v in content.values()):
            return cls(content)
        raise ValueError(
            f"{path} is neither a persisted-query manifest nor an {{id: document}} map"
        )

    def resolve(
        self, query: str | None, document_id: str | None, extensions: Mapping[str, Any] | None
    ) -> str:
        persisted = (extensions or {}).get("persistedQuery")
        if document_id is None and isinstance(persisted, dict):
            digest = persisted.get("sha256Hash")
            document_id = digest if isinstance(digest, str) else None
        if document_id is not None:
            body = self._by_id.get(_bare(document_id))
            if body is None:
                raise RequestError(
                    [
                        graphql_error(
                            "this operation is not registered", "PERSISTED_QUERY_NOT_IN_LIST"
                        )
                    ]
                )
            return body
        if query is not None and (query in self._bodies or sha256(query) in self._by_id):
            return query
        raise RequestError(
            [
                graphql_error(
                    "only registered operations run here: send a documentId",
                    "PERSISTED_QUERY_ID_REQUIRED"
                    if query is None
                    else "PERSISTED_QUERY_NOT_IN_LIST",
                )
            ]
        )


def _bare(document_id: str) -> str:
    return document_id.removeprefix("sha256:")
