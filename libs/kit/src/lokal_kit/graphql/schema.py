"""A federation subgraph schema with the platform's defaults switched on."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterable, Iterator
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
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.errors import ErrorPolicy
from lokal_kit.metrics import OperationObserver
from lokal_kit.settings import ServiceSettings

FEDERATION_VERSION: Final = "2.9"


class ParsedOnce(ParserCache):
    """Strawberry's parser cache, minus one flaw: its parse error escapes before the operation's
    error handling is in place, so ErrorPolicy never gave it a code. A document that does not
    parse is left to Strawberry's own parse step, whose error goes the usual way."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


class SubgraphSchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client mistakes are not worth an error log; ErrorPolicy logs the unexpected ones."""

    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """`_entities` is open to anyone who reaches the subgraph, not only to the gateway:
        a representation that names no entity or lacks its key is the caller's mistake."""
        for index, representation in enumerate(representations):
            self._check_representation(index, representation)
        return super().entities_resolver(info, representations)

    def _check_representation(self, index: int, representation: object) -> None:
        where = f"representations[{index}]"
        if not isinstance(representation, dict):
            raise InvalidInput(f"{where} must be an object", field="representations")
        type_name = representation.get("__typename")
        entities = self._schema.get_type("_Entity")
        names = {t.name for t in getattr(entities, "types", ())}
        if not isinstance(type_name, str) or type_name not in names:
            raise InvalidInput(
                f"{where} must name an entity of this subgraph in __typename",
                field="representations",
            )
        definition = self.schema_converter.type_map[type_name].definition
        resolve = getattr(getattr(definition, "origin", None), "resolve_reference", None)
        if resolve is None:
            return
        signature = inspect.signature(resolve)
        arguments = {k: v for k, v in representation.items() if k != "__typename"}
        if "info" in signature.parameters:
            # Strawberry passes the request's info along with the key fields
            arguments["info"] = None
        try:
            signature.bind(**arguments)
        except TypeError:
            raise InvalidInput(
                f"{where} does not carry the key fields of {type_name}", field="representations"
            ) from None


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
        lambda: ParsedOnce(maxsize=512),
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
