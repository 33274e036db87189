"""Abuse limits on client documents: depth, aliases, tokens (and body size at the HTTP layer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_body_bytes: int = 1_000_000


def check_limits(document: DocumentNode, limits: Limits) -> list[dict[str, Any]]:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    problems = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        depth = _depth(definition.selection_set, fragments, frozenset())
        if depth > limits.max_depth:
            name = definition.name.value if definition.name else "the operation"
            problems.append(
                {
                    "message": f"{name} is {depth} levels deep; "
                    f"at most {limits.max_depth} are allowed",
                    "extensions": {"code": "QUERY_TOO_DEEP", "max": limits.max_depth},
                }
            )
    aliases = _aliases(document)
    if aliases > limits.max_aliases:
        problems.append(
            {
                "message": f"the document uses {aliases} aliases; "
                f"at most {limits.max_aliases} are allowed",
                "extensions": {"code": "TOO_MANY_ALIASES", "max": limits.max_aliases},
            }
        )
    return problems


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> int:
    deepest = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                deepest = max(
                    deepest, _depth(fragments[name].selection_set, fragments, seen | {name})
                )
    return deepest


def _aliases(document: DocumentNode) -> int:
    count = 0

    def walk(selection_set: SelectionSetNode | None) -> None:
        nonlocal count
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            walk(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        walk(getattr(definition, "selection_set", None))
    return count
