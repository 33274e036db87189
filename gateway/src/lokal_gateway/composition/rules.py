"""The composition rules for the directives our subgraphs use, checked before anything is merged."""

from __future__ import annotations

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
)

from lokal_gateway.composition.errors import CompositionProblem
from lokal_gateway.composition.subgraph import Subgraph
from lokal_gateway.fieldset import parse_field_set


def check_subgraph(subgraph: Subgraph, names: set[str]) -> list[CompositionProblem]:
    """Keys, @external, @requires, @provides and @override of one subgraph."""
    problems: list[CompositionProblem] = []
    used_external: set[tuple[str, str]] = set()
    for type_name, meta in subgraph.types.items():
        graphql_type = subgraph.schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for key in meta.keys:
            problems += _check_field_set(
                subgraph, graphql_type, key.fields, "KEY_INVALID_FIELDS", None, used_external
            )
            if (
                key.resolvable
                and isinstance(graphql_type, GraphQLObjectType)
                and subgraph.entity_types
                and type_name not in subgraph.entity_types
            ):
                problems.append(
                    CompositionProblem(
                        "KEY_NOT_RESOLVABLE",
                        f"has a resolvable key ({key.fields}) but is not in the subgraph's "
                        "_Entity union (no resolve_reference?)",
                        subgraph.name,
                        type_name,
                    )
                )
        for field_name, field_meta in meta.fields.items():
            graphql_field = graphql_type.fields.get(field_name)
            if graphql_field is None:
                continue
            if field_meta.requires is not None:
                problems += _check_field_set(
                    subgraph,
                    graphql_type,
                    field_meta.requires,
                    "REQUIRES_INVALID_FIELDS",
                    field_name,
                    used_external,
                    must_be_external=True,
                )
            if field_meta.provides is not None:
                target = get_named_type(graphql_field.type)
                if not isinstance(target, GraphQLObjectType | GraphQLInterfaceType):
                    problems.append(
                        CompositionProblem(
                            "PROVIDES_ON_NON_OBJECT_FIELD",
                            f"@provides on a field of type {graphql_field.type}, "
                            "which has no fields to provide",
                            subgraph.name,
                            type_name,
                            field_name,
                        )
                    )
                else:
                    problems += _check_field_set(
                        subgraph,
                        target,
                        field_meta.provides,
                        "PROVIDES_INVALID_FIELDS",
                        field_name,
                        used_external,
                        must_be_external=True,
                        owner=f"{type_name}.{field_name}",
                    )
            if field_meta.override is not None:
                problems += _check_override(subgraph, type_name, field_name, names)
    for type_name, meta in subgraph.types.items():
        for field_name, field_meta in meta.fields.items():
            if field_meta.external and (type_name, field_name) not in used_external:
                problems.append(
                    CompositionProblem(
                        "EXTERNAL_UNUSED",
                        "is @external but no @key, @requires or @provides uses it",
                        subgraph.name,
                        type_name,
                        field_name,
                    )
                )
    return problems


def check_external_bases(subgraphs: list[Subgraph]) -> list[CompositionProblem]:
    """An @external field must be defined for real by some other subgraph."""
    problems = []
    for subgraph in subgraphs:
        for type_name, meta in subgraph.types.items():
            for field_name, field_meta in meta.fields.items():
                if not field_meta.external:
                    continue
                base = [
                    other.name
                    for other in subgraphs
                    if other is not subgraph
                    and _declares(other, type_name, field_name)
                    and not other.field_meta(type_name, field_name).external
                ]
                if not base:
                    problems.append(
                        CompositionProblem(
                            "EXTERNAL_MISSING_ON_BASE",
                            "is @external but no other subgraph defines it",
                            subgraph.name,
                            type_name,
                            field_name,
                        )
                    )
    return problems


def _declares(subgraph: Subgraph, type_name: str, field_name: str) -> bool:
    graphql_type = subgraph.schema.get_type(type_name)
    return isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType) and (
        field_name in graphql_type.fields
    )


def _check_override(
    subgraph: Subgraph, type_name: str, field_name: str, names: set[str]
) -> list[CompositionProblem]:
    source = subgraph.field_meta(type_name, field_name).override
    if source == subgraph.name:
        return [
            CompositionProblem(
                "OVERRIDE_FROM_SELF_ERROR",
                "@override names its own subgraph",
                subgraph.name,
                type_name,
                field_name,
            )
        ]
    if source not in names:
        return [
            CompositionProblem(
                "OVERRIDE_SOURCE_UNKNOWN",
                f"@override(from: {source!r}) names no subgraph of this composition "
                f"(known: {', '.join(sorted(names))})",
                subgraph.name,
                type_name,
                field_name,
            )
        ]
    return []


def _check_field_set(
    subgraph: Subgraph,
    parent: GraphQLObjectType | GraphQLInterfaceType,
    text: str,
    rule: str,
    field_name: str | None,
    used_external: set[tuple[str, str]],
    *,
    must_be_external: bool = False,
    owner: str | None = None,
) -> list[CompositionProblem]:
    owner_type, _, owner_field = (owner or f"{parent.name}.{field_name or ''}").partition(".")
    try:
        selection = parse_field_set(text)
    except GraphQLError as error:
        return [
            CompositionProblem(
                rule,
                f"field set {text!r} does not parse: {error.message}",
                subgraph.name,
                owner_type,
                owner_field or None,
            )
        ]
    problems: list[str] = []
    _walk(subgraph, parent, selection, problems, used_external, must_be_external, top=True)
    return [
        CompositionProblem(
            rule, f"field set {text!r}: {p}", subgraph.name, owner_type, owner_field or None
        )
        for p in problems
    ]


def _walk(
    subgraph: Subgraph,
    parent: GraphQLNamedType,
    selection_set: SelectionSetNode,
    problems: list[str],
    used_external: set[tuple[str, str]],
    must_be_external: bool,
    *,
    top: bool,
) -> None:
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = subgraph.schema.get_type(condition.name.value) if condition else parent
            if target is None:
                problems.append(f"unknown type {condition.name.value if condition else ''}")
                continue
            _walk(
                subgraph,
                target,
                selection.selection_set,
                problems,
                used_external,
                must_be_external,
                top=top,
            )
            continue
        if not isinstance(selection, FieldNode):
            problems.append("fragments spreads are not allowed in field sets")
            continue
        name = selection.name.value
        if name == "__typename":
            continue
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            problems.append(f"{parent.name} has no fields")
            continue
        graphql_field = parent.fields.get(name)
        if graphql_field is None:
            problems.append(f"{parent.name}.{name} does not exist in this subgraph")
            continue
        if graphql_field.args and selection.arguments:
            problems.append(f"{parent.name}.{name} takes arguments, which field sets cannot pass")
        meta = subgraph.field_meta(parent.name, name)
        if meta.external:
            used_external.add((parent.name, name))
        elif must_be_external and top and not meta.shareable:
            problems.append(f"{parent.name}.{name} must be @external in this subgraph")
        target = get_named_type(graphql_field.type)
        if selection.selection_set is not None:
            if not is_composite_type(target):
                problems.append(f"{parent.name}.{name} is a leaf and has no fields to select")
                continue
            _walk(
                subgraph,
                target,
                selection.selection_set,
                problems,
                used_external,
                must_be_external,
                top=False,
            )
        elif is_composite_type(target):
            problems.append(f"{parent.name}.{name} is of type {target.name} and needs a selection")
        elif is_abstract_type(target):
            problems.append(f"{parent.name}.{name} is abstract")


def possible_types(subgraph: Subgraph, type_: GraphQLNamedType) -> list[GraphQLObjectType]:
    if isinstance(type_, GraphQLObjectType):
        return [type_]
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        return list(subgraph.schema.get_possible_types(type_))
    return []
