"""The gateway: parse, validate and plan once per document (cached), then execute per request."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute_sync,
    parse,
    print_ast,
    validate,
)
from graphql.execution.values import get_variable_values

from lokal_gateway.execution.executor import ExecutionState, Executor
from lokal_gateway.execution.projection import Projection
from lokal_gateway.execution.transport import Transport
from lokal_gateway.limits import Limits, check_limits
from lokal_gateway.planning.operation import (
    INTROSPECTION_FIELDS,
    OperationError,
    condition_variables,
    normalise,
    select_operation,
)
from lokal_gateway.planning.plan import QueryPlan
from lokal_gateway.planning.planner import Planner
from lokal_gateway.supergraph import Supergraph
from lokal_kit.auth import ANONYMOUS, Principal

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class RequestError(Exception):
    """The request cannot run at all: the answer has errors and no data (HTTP 400 if asked)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["message"] if errors else "bad request")
        self.errors = errors


@dataclass(eq=False)
class PreparedDocument:
    document: DocumentNode
    normalised: str
    conditions: tuple[str, ...]
    operations: dict[str | None, OperationDefinitionNode] = field(default_factory=dict)


@dataclass(eq=False)
class PreparedPlan:
    plan: QueryPlan
    introspection: DocumentNode | None


def graphql_error(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions}}


class Gateway:
    def __init__(
        self,
        supergraph: Supergraph,
        transports: Mapping[str, Transport],
        *,
        limits: Limits | None = None,
        cache_size: int = 1000,
        check_transports: bool = True,
    ) -> None:
        """`check_transports=False` for a gateway that only plans (`lokal gateway plan`)."""
        missing = set(supergraph.graphs) - set(transports)
        if missing and check_transports:
            raise ValueError(f"no transport for subgraph(s) {', '.join(sorted(missing))}")
        self.supergraph = supergraph
        self.schema = supergraph.api_schema
        self.transports = transports
        self.limits = limits or Limits()
        self.planner = Planner(supergraph)
        self.executor = Executor(transports)
        self._documents: LRU[str, PreparedDocument] = LRU(cache_size)
        self._by_normalised: LRU[str, PreparedDocument] = LRU(cache_size)
        self._plans: LRU[tuple[str, str | None, tuple[bool, ...]], PreparedPlan] = LRU(cache_size)

    async def close(self) -> None:
        for transport in self.transports.values():
            await transport.close()

    # -- preparing ----------------------------------------------------------------------------

    def prepare(self, query: str) -> PreparedDocument:
        """Parsed, validated and limit-checked, once per document text (RequestError if not)."""
        prepared = self._documents.get(query)
        if prepared is not None:
            return prepared
        try:
            document = parse(query, max_tokens=self.limits.max_tokens)
        except GraphQLError as error:
            code = "TOO_MANY_TOKENS" if "token" in error.message.lower() else "GRAPHQL_PARSE_FAILED"
            raise RequestError([_located(error, code)]) from None
        normalised = print_ast(document)
        prepared = self._by_normalised.get(normalised)
        if prepared is None:
            errors = validate(self.schema, document)
            if errors:
                raise RequestError([_located(e, "GRAPHQL_VALIDATION_FAILED") for e in errors])
            problems = check_limits(document, self.limits)
            if problems:
                raise RequestError(problems)
            prepared = PreparedDocument(document, normalised, condition_variables(document))
            self._by_normalised.put(normalised, prepared)
        self._documents.put(query, prepared)
        return prepared

    def operation(self, prepared: PreparedDocument, name: str | None) -> OperationDefinitionNode:
        found = prepared.operations.get(name)
        if found is None:
            try:
                found = select_operation(prepared.document, name)
            except OperationError as error:
                raise RequestError(
                    [graphql_error(str(error), "OPERATION_RESOLUTION_FAILURE")]
                ) from None
            prepared.operations[name] = found
        return found

    def coerce_variables(
        self, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        if not operation.variable_definitions:
            return {}
        coerced = get_variable_values(self.schema, operation.variable_definitions, dict(raw or {}))
        if isinstance(coerced, list):
            raise RequestError([_located(e, "BAD_USER_INPUT") for e in coerced])
        # the subgraphs get what the client sent: coercion only checks it
        return {k: (raw or {}).get(k, v) for k, v in coerced.coerced.items()}

    def plan(
        self, prepared: PreparedDocument, name: str | None, variables: Mapping[str, Any]
    ) -> PreparedPlan:
        conditions = tuple(bool(variables.get(v)) for v in prepared.conditions)
        key = (prepared.normalised, name, conditions)
        found = self._plans.get(key)
        if found is None:
            operation = self.operation(prepared, name)
            normalised = normalise(self.schema, prepared.document, operation, dict(variables))
            found = PreparedPlan(
                plan=self.planner.plan(normalised),
                introspection=_introspection_document(prepared.document, operation)
                if normalised.has_introspection
                else None,
            )
            self._plans.put(key, found)
        return found

    # -- executing ------------------------------------------------------------------------------

    async def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
        *,
        principal: Principal = ANONYMOUS,
        headers: Mapping[str, str] | None = None,
        allowed: frozenset[OperationType] | None = None,
        include_plan: bool = False,
    ) -> dict[str, Any]:
        """The GraphQL response; raises RequestError when the request cannot run at all."""
        prepared = self.prepare(query)
        operation = self.operation(prepared, operation_name)
        if allowed is not None and operation.operation not in allowed:
            raise OperationNotAllowed(operation.operation)
        values = self.coerce_variables(operation, variables)
        prepared_plan = self.plan(prepared, operation_name, values)
        plan = prepared_plan.plan
        state = ExecutionState(variables=values, headers=headers or {}, principal=principal)
        if plan.passthrough and plan.root is not None:
            response = await self._passthrough(plan, state)
        else:
            response = await self._run(prepared_plan, state, values, operation_name)
        if include_plan:
            response.setdefault("extensions", {})["queryPlan"] = plan.as_json()
        return response

    async def _passthrough(self, plan: QueryPlan, state: ExecutionState) -> dict[str, Any]:
        fetch = plan.fetches()[0]
        answer = await self.executor.send(fetch, state, [[key] for key in fetch.response_keys])
        if answer is None:
            # nothing to pass through: nulls where the fields were, propagated as GraphQL says
            return self._answer(plan, state)
        response: dict[str, Any] = {"data": answer.get("data")}
        errors = answer.get("errors")
        if errors:
            response["errors"] = [
                {
                    **{k: v for k, v in error.items() if k in ("message", "path")},
                    "extensions": {**(error.get("extensions") or {}), "serviceName": fetch.service},
                }
                for error in errors
            ]
        return response

    async def _run(
        self,
        prepared: PreparedPlan,
        state: ExecutionState,
        variables: dict[str, Any],
        operation_name: str | None,
    ) -> dict[str, Any]:
        plan = prepared.plan
        if prepared.introspection is not None:
            result = execute_sync(
                self.schema,
                prepared.introspection,
                variable_values=variables,
                operation_name=operation_name,
            )
            state.data.update(result.data or {})
            for error in result.errors or ():
                state.errors.append(dict(error.formatted))
        if plan.root is not None:
            await self.executor.run(plan.root, state)
        return self._answer(plan, state)

    def _answer(self, plan: QueryPlan, state: ExecutionState) -> dict[str, Any]:
        data = Projection(self.schema, state).root(plan.operation.root, state.data)
        response: dict[str, Any] = {"data": data}
        if state.errors:
            response["errors"] = state.errors
        return response


class OperationNotAllowed(Exception):
    """A mutation sent with GET: the HTTP layer answers 405."""

    def __init__(self, kind: OperationType) -> None:
        super().__init__(f"{kind.value} operations are not allowed here")
        self.kind = kind


def _located(error: GraphQLError, code: str) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code}
    return formatted


def _introspection_document(
    document: DocumentNode, operation: OperationDefinitionNode
) -> DocumentNode:
    """The operation with only its introspection root fields, for graphql-core to answer."""
    kept = tuple(
        s
        for s in operation.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value in INTROSPECTION_FIELDS
    )
    trimmed = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=kept),
    )
    others = tuple(d for d in document.definitions if not isinstance(d, OperationDefinitionNode))
    return DocumentNode(definitions=(trimmed, *others))
