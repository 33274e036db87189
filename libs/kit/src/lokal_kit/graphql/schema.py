"""A federation subgraph schema with the platform's defaults switched on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.federation import Schema
from strawberry.types import ExecutionContext

from lokal_kit.graphql.errors import ErrorPolicy
from lokal_kit.metrics import OperationObserver
from lokal_kit.settings import ServiceSettings

FEDERATION_VERSION: Final = "2.9"


class SubgraphSchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client mistakes are not worth an error log; ErrorPolicy logs the unexpected ones."""


def subgraph_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: Iterable[type] = (),
    settings: ServiceSettings,
) -> SubgraphSchema:
    """Parse and validation caches (about 2x throughput), abuse limits, error masking,
    the operation's name in logs, traces and metrics."""
    # The limiters' rules are made once: each limiter makes a new rule class when built, and
    # the validation cache is keyed by the rules, so limiters built per request would make
    # every request miss it.
    limits = [
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
    ]
    # factories: a fresh extension per request (the caches themselves are shared)
    extensions: list[Any] = [
        OperationObserver,
        ErrorPolicy,
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(limits),
    ]
    return SubgraphSchema(
        query=query,
        mutation=mutation,
        types=list(types),
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )
