"""Rules over the merged types: field sharing; every field reachable from a root via keys."""

from __future__ import annotations

from collections import deque

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType, get_named_type

from lokal_gateway.composition.errors import CompositionProblem
from lokal_gateway.composition.model import MergedType
from lokal_gateway.composition.subgraph import Subgraph
from lokal_gateway.fieldset import top_level_fields

ROOTS = ("Query", "Mutation")


def check_sharing(
    merged: dict[str, MergedType], by_name: dict[str, Subgraph]
) -> list[CompositionProblem]:
    """A field resolved by more than one subgraph must be @shareable in each of them."""
    problems = []
    for type_ in merged.values():
        if type_.kind != "object":
            continue
        for merged_field in type_.fields.values():
            resolving = merged_field.resolving_graphs()
            if len(resolving) < 2:
                continue
            unshared = [
                graph
                for graph in resolving
                if not _shareable_in(by_name[graph], type_.name, merged_field.name)
            ]
            if unshared:
                problems.append(
                    CompositionProblem(
                        "INVALID_FIELD_SHARING",
                        f"is resolved by subgraphs {', '.join(resolving)} but not marked "
                        f"@shareable in {', '.join(unshared)}",
                        unshared[0],
                        type_.name,
                        merged_field.name,
                    )
                )
    return problems


def _shareable_in(subgraph: Subgraph, type_name: str, field_name: str) -> bool:
    meta = subgraph.meta(type_name)
    if meta.shareable or subgraph.field_meta(type_name, field_name).shareable:
        return True
    # the fields of an entity's key are shareable by definition
    return any(
        field_name in {f.name.value for f in top_level_fields(key.fields)} for key in meta.keys
    )


def check_reachability(
    merged: dict[str, MergedType], subgraphs: list[Subgraph]
) -> list[CompositionProblem]:
    """Walk (type, subgraph) states from the roots, jumping between subgraphs through keys."""
    by_name = {s.name: s for s in subgraphs}
    reached_fields: set[tuple[str, str]] = set()
    reached_types: set[str] = set()
    queue: deque[tuple[str, str]] = deque(
        (root, s.name) for s in subgraphs for root in ROOTS if s.schema.get_type(root) is not None
    )
    seen = set(queue)

    def visit(type_name: str, graph: str) -> None:
        if (type_name, graph) not in seen:
            seen.add((type_name, graph))
            queue.append((type_name, graph))

    while queue:
        type_name, graph = queue.popleft()
        subgraph = by_name[graph]
        graphql_type = subgraph.schema.get_type(type_name)
        reached_types.add(type_name)
        if isinstance(graphql_type, GraphQLUnionType | GraphQLInterfaceType):
            for possible in subgraph.schema.get_possible_types(graphql_type):
                visit(possible.name, graph)
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        merged_type = merged.get(type_name)
        for field_name, graphql_field in graphql_type.fields.items():
            merged_field = merged_type.fields.get(field_name) if merged_type else None
            if merged_field is None or graph not in merged_field.resolving_graphs():
                continue
            reached_fields.add((type_name, field_name))
            visit(get_named_type(graphql_field.type).name, graph)
        for other in subgraphs:
            if other.name != graph and _can_jump(subgraph, other, type_name, merged):
                visit(type_name, other.name)
    problems = []
    for type_ in merged.values():
        if type_.kind not in ("object", "interface") or type_.name not in reached_types:
            continue
        for merged_field in type_.fields.values():
            if (type_.name, merged_field.name) in reached_fields:
                continue
            resolving = merged_field.resolving_graphs()
            problems.append(
                CompositionProblem(
                    "SATISFIABILITY_ERROR",
                    "cannot be reached: it is resolved only by "
                    f"{', '.join(resolving) or 'no subgraph'}, "
                    f"and no subgraph that reaches {type_.name} has a resolvable @key into it "
                    "whose fields it can provide",
                    resolving[0] if resolving else None,
                    type_.name,
                    merged_field.name,
                )
            )
    return problems


def _can_jump(
    source: Subgraph, target: Subgraph, type_name: str, merged: dict[str, MergedType]
) -> bool:
    """Can `source` hand `target` a representation of `type_name` through one of target's keys?"""
    merged_type = merged.get(type_name)
    if merged_type is None:
        return False
    for key in target.meta(type_name).keys:
        if not key.resolvable:
            continue
        fields = [f.name.value for f in top_level_fields(key.fields)]
        if all(
            name in merged_type.fields
            and source.name in merged_type.fields[name].resolving_graphs()
            for name in fields
        ):
            return True
    return False


def object_types(subgraph: Subgraph) -> list[GraphQLObjectType]:
    return [t for t in subgraph.schema.type_map.values() if isinstance(t, GraphQLObjectType)]
