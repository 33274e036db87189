"""Merging the subgraphs' types into one set of supergraph types, remembering who defines what."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_non_null_type,
    print_ast,
)
from graphql.type import GraphQLType

from lokal_gateway.composition.errors import CompositionProblem
from lokal_gateway.composition.meta import FieldMeta
from lokal_gateway.composition.model import (
    BUILT_IN_SCALARS,
    MergedArgument,
    MergedEnumValue,
    MergedField,
    MergedType,
    kind_article,
    kind_of,
)
from lokal_gateway.composition.subgraph import Subgraph


def merge(subgraphs: list[Subgraph]) -> tuple[dict[str, MergedType], list[CompositionProblem]]:
    merged: dict[str, MergedType] = {}
    problems: list[CompositionProblem] = []
    input_enums = _enums_used_as_input(subgraphs)
    for subgraph in subgraphs:
        for name, graphql_type in subgraph.schema.type_map.items():
            if name.startswith("__") or name in BUILT_IN_SCALARS:
                continue
            kind = kind_of(graphql_type)
            target = merged.get(name)
            if target is None:
                target = merged[name] = MergedType(name=name, kind=kind)
            elif target.kind != kind:
                first = target.graphs[0]
                problems.append(
                    CompositionProblem(
                        "TYPE_KIND_MISMATCH",
                        f"is {kind_article(kind)} here but {kind_article(target.kind)} "
                        f"in subgraph {first}",
                        subgraph.name,
                        name,
                    )
                )
                continue
            target.graphs.append(subgraph.name)
            target.description = target.description or graphql_type.description
            if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
                target.interfaces[subgraph.name] = [i.name for i in graphql_type.interfaces]
                for field_name, graphql_field in graphql_type.fields.items():
                    _merge_output_field(subgraph, target, field_name, graphql_field, problems)
            elif isinstance(graphql_type, GraphQLInputObjectType):
                for field_name, input_field in graphql_type.fields.items():
                    _merge_input_field(subgraph, target, field_name, input_field, problems)
            elif isinstance(graphql_type, GraphQLUnionType):
                target.members[subgraph.name] = [t.name for t in graphql_type.types]
            elif isinstance(graphql_type, GraphQLEnumType):
                _merge_enum(subgraph, target, graphql_type)
    for type_ in merged.values():
        if type_.kind == "input":
            _drop_partial_input_fields(type_, problems)
        if type_.kind == "enum" and type_.name in input_enums:
            _check_input_enum(type_, problems)
    return merged, problems


def _merge_output_field(
    subgraph: Subgraph,
    target: MergedType,
    name: str,
    graphql_field: GraphQLField,
    problems: list[CompositionProblem],
) -> None:
    type_str = str(graphql_field.type)
    existing = target.fields.get(name)
    meta = subgraph.field_meta(target.name, name)
    if existing is None:
        existing = target.fields[name] = MergedField(
            name=name,
            type=type_str,
            description=graphql_field.description,
            deprecation=graphql_field.deprecation_reason,
            arguments={a: _argument(a, arg) for a, arg in graphql_field.args.items()},
        )
    else:
        merged_type = _weaker(existing.type, type_str)
        if merged_type is None:
            problems.append(
                CompositionProblem(
                    "FIELD_TYPE_MISMATCH",
                    f"has type {type_str} here but {existing.type} in subgraph "
                    f"{next(iter(existing.graphs))}",
                    subgraph.name,
                    target.name,
                    name,
                )
            )
            return
        existing.type = merged_type
        existing.description = existing.description or graphql_field.description
        existing.deprecation = existing.deprecation or graphql_field.deprecation_reason
        _merge_arguments(subgraph, target, existing, graphql_field.args, problems)
    existing.graphs[subgraph.name] = meta
    existing.graph_types[subgraph.name] = type_str


def _merge_arguments(
    subgraph: Subgraph,
    target: MergedType,
    existing: MergedField,
    args: dict[str, GraphQLArgument],
    problems: list[CompositionProblem],
) -> None:
    # Output field arguments merge to those every subgraph accepts.
    for arg_name in list(existing.arguments):
        if arg_name not in args:
            if existing.arguments[arg_name].type.endswith("!"):
                problems.append(
                    CompositionProblem(
                        "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
                        f"argument {arg_name} is required elsewhere but missing here",
                        subgraph.name,
                        target.name,
                        existing.name,
                    )
                )
            del existing.arguments[arg_name]
    for arg_name, arg in args.items():
        if arg_name in existing.arguments:
            if existing.arguments[arg_name].type != str(arg.type):
                problems.append(
                    CompositionProblem(
                        "FIELD_ARGUMENT_TYPE_MISMATCH",
                        f"argument {arg_name} has type {arg.type} here but "
                        f"{existing.arguments[arg_name].type} elsewhere",
                        subgraph.name,
                        target.name,
                        existing.name,
                    )
                )
        elif is_non_null_type(arg.type):
            problems.append(
                CompositionProblem(
                    "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
                    f"argument {arg_name} is required here but missing in other subgraphs",
                    subgraph.name,
                    target.name,
                    existing.name,
                )
            )


def _argument(name: str, arg: GraphQLArgument | GraphQLInputField) -> MergedArgument:
    node = arg.ast_node
    default = getattr(node, "default_value", None) if node is not None else None
    return MergedArgument(
        name=name,
        type=str(arg.type),
        default=print_ast(default) if default is not None else None,
        description=arg.description,
    )


def _merge_input_field(
    subgraph: Subgraph,
    target: MergedType,
    name: str,
    input_field: GraphQLInputField,
    problems: list[CompositionProblem],
) -> None:
    existing = target.fields.get(name)
    if existing is None:
        argument = _argument(name, input_field)
        existing = target.fields[name] = MergedField(
            name=name,
            type=argument.type,
            description=input_field.description,
            arguments={"": argument},
        )
    elif _stronger(existing.type, str(input_field.type)) is None:
        problems.append(
            CompositionProblem(
                "FIELD_TYPE_MISMATCH",
                f"has type {input_field.type} here but {existing.type} elsewhere",
                subgraph.name,
                target.name,
                name,
            )
        )
        return
    else:
        existing.type = _stronger(existing.type, str(input_field.type)) or existing.type
    existing.graphs[subgraph.name] = FieldMeta()


def _drop_partial_input_fields(type_: MergedType, problems: list[CompositionProblem]) -> None:
    """Input types merge to the fields every subgraph accepts; a required one must be in all."""
    for name, merged_field in list(type_.fields.items()):
        missing = [g for g in type_.graphs if g not in merged_field.graphs]
        if not missing:
            continue
        if merged_field.type.endswith("!") and merged_field.arguments[""].default is None:
            problems.append(
                CompositionProblem(
                    "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
                    f"required input field is missing in subgraph(s) {', '.join(missing)}",
                    missing[0],
                    type_.name,
                    name,
                )
            )
        del type_.fields[name]


def _merge_enum(subgraph: Subgraph, target: MergedType, enum: GraphQLEnumType) -> None:
    for value_name, value in enum.values.items():
        merged_value = target.values.setdefault(
            value_name, MergedEnumValue(value_name, value.description, value.deprecation_reason)
        )
        merged_value.graphs.append(subgraph.name)


def _check_input_enum(type_: MergedType, problems: list[CompositionProblem]) -> None:
    """An enum clients may send must mean the same in every subgraph."""
    for value in type_.values.values():
        missing = [g for g in type_.graphs if g not in value.graphs]
        if missing:
            problems.append(
                CompositionProblem(
                    "ENUM_VALUE_MISMATCH",
                    f"value {value.name} is used as input but missing in subgraph(s) "
                    f"{', '.join(missing)}",
                    missing[0],
                    type_.name,
                )
            )


def _enums_used_as_input(subgraphs: list[Subgraph]) -> set[str]:
    used: set[str] = set()
    for subgraph in subgraphs:
        for graphql_type in subgraph.schema.type_map.values():
            if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
                for graphql_field in graphql_type.fields.values():
                    used.update(_named(arg.type) for arg in graphql_field.args.values())
            elif isinstance(graphql_type, GraphQLInputObjectType):
                used.update(_named(f.type) for f in graphql_type.fields.values())
    return used


def _named(graphql_type: GraphQLType) -> str:
    return get_named_type(graphql_type).name


def _weaker(a: str, b: str) -> str | None:
    """The common output type of two field types (nullable wins), None when they differ."""
    return a if a == b else _combine(a, b, nullable_wins=True)


def _stronger(a: str, b: str) -> str | None:
    """The common input type of two field types (required wins), None when they differ."""
    return a if a == b else _combine(a, b, nullable_wins=False)


def _combine(a: str, b: str, *, nullable_wins: bool) -> str | None:
    """Walk both type strings in step: same list nesting and named type, nullability merged."""
    a_non_null, b_non_null = a.endswith("!"), b.endswith("!")
    inner_a = a[:-1] if a_non_null else a
    inner_b = b[:-1] if b_non_null else b
    if inner_a.startswith("[") != inner_b.startswith("["):
        return None
    if inner_a.startswith("["):
        combined = _combine(inner_a[1:-1], inner_b[1:-1], nullable_wins=nullable_wins)
        if combined is None:
            return None
        inner = f"[{combined}]"
    elif inner_a != inner_b:
        return None
    else:
        inner = inner_a
    non_null = (a_non_null and b_non_null) if nullable_wins else (a_non_null or b_non_null)
    return f"{inner}!" if non_null else inner
