"""Federation field sets (`"id"`, `"id owner { id }"`): selection sets written as strings."""

from __future__ import annotations

from functools import lru_cache

from graphql import FieldNode, GraphQLError, SelectionSetNode, parse
from graphql.language import OperationDefinitionNode


@lru_cache(maxsize=1024)
def parse_field_set(text: str) -> SelectionSetNode:
    """The selection set of a field set; raises GraphQLError when it does not parse."""
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode):
        raise GraphQLError(f"not a field set: {text}")
    return operation.selection_set


def top_level_fields(text: str) -> list[FieldNode]:
    return [s for s in parse_field_set(text).selections if isinstance(s, FieldNode)]
