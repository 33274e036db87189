"""Shaping the merged subgraph results into the client's answer.

Walks the client's selections (not graphql-core's executor: no resolvers, no re-validation):
fields in the client's order, aliases, `__typename`, fragments by runtime type, and GraphQL's
null propagation — a null in a non-null position nulls the nearest nullable parent, with an
error unless a subgraph error already explains the missing value.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
)

from lokal_gateway.execution.executor import ExecutionState
from lokal_gateway.execution.paths import LinkedPath, flatten
from lokal_gateway.planning.operation import INTROSPECTION_FIELDS, SelectionSet


class _Invalid:
    """A non-null position got null: the value bubbles up to the nearest nullable parent."""


INVALID = _Invalid()
_INVALID_OBJECT: _Invalid = INVALID


class Projection:
    def __init__(self, schema: GraphQLSchema, state: ExecutionState) -> None:
        self.schema = schema
        self.state = state

    def root(self, selections: SelectionSet, data: dict[str, Any]) -> dict[str, Any] | None:
        result = self._object(selections, data, selections.parent, None)
        return result if isinstance(result, dict) else None

    def _object(
        self, selections: SelectionSet, value: dict[str, Any], runtime: str, path: LinkedPath
    ) -> dict[str, Any] | _Invalid:
        result: dict[str, Any] = {}
        for field in selections.collect(runtime, self.schema):
            key = field.response_key
            if field.name == "__typename":
                result[key] = runtime
                continue
            if field.name in INTROSPECTION_FIELDS:
                result[key] = value.get(key)
                continue
            completed = self._complete(
                field.type, value.get(key), field.selections, (path, key), runtime, field.name
            )
            if completed is INVALID:
                return _INVALID_OBJECT
            result[key] = completed
        return result

    def _complete(
        self,
        type_: GraphQLOutputType,
        value: Any,
        selections: SelectionSet | None,
        path: LinkedPath,
        parent: str,
        name: str,
    ) -> Any:
        if isinstance(type_, GraphQLNonNull):
            completed = self._nullable(type_.of_type, value, selections, path, parent, name)
            if completed is None:
                self._null_error(path, parent, name)
                return INVALID
            return completed
        completed = self._nullable(type_, value, selections, path, parent, name)
        return None if completed is INVALID else completed

    def _nullable(
        self,
        type_: GraphQLOutputType,
        value: Any,
        selections: SelectionSet | None,
        path: LinkedPath,
        parent: str,
        name: str,
    ) -> Any:
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            if not isinstance(value, list):
                return None
            items = []
            for index, item in enumerate(value):
                completed = self._complete(
                    type_.of_type, item, selections, (path, index), parent, name
                )
                if completed is INVALID:
                    return INVALID
                items.append(completed)
            return items
        if selections is None:
            return value
        if not isinstance(value, dict):
            return None
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            runtime = value.get("__typename")
            if not isinstance(runtime, str):
                return None
        else:
            runtime = type_.name  # type: ignore[union-attr]
        return self._object(selections, value, runtime, path)

    def _null_error(self, path: LinkedPath, parent: str, name: str) -> None:
        keys = flatten(path)
        explained = self.state.explained
        if any(tuple(keys[:length]) in explained for length in range(len(keys) + 1)):
            return
        self.state.add_error(
            {"message": f"Cannot return null for non-nullable field {parent}.{name}."}, keys
        )
