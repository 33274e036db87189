"""A client operation normalised against the API schema.

Named fragments are inlined, `@skip`/`@include` evaluated (the plan cache key carries the
variable values they read), and every selection knows its parent type. The planner and
the result projection both walk this tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(eq=False)
class Field:
    response_key: str
    name: str
    arguments: tuple[ArgumentNode, ...]
    definition: GraphQLField
    selections: SelectionSet | None

    @property
    def type(self) -> GraphQLOutputType:
        return self.definition.type


@dataclass(eq=False)
class Fragment:
    type_condition: str
    selections: SelectionSet


@dataclass(eq=False)
class Collected:
    """The fields of a selection set for one runtime type, merged by response key."""

    response_key: str
    name: str
    type: GraphQLOutputType
    selections: SelectionSet | None


@dataclass(eq=False)
class SelectionSet:
    parent: str
    items: list[Field | Fragment]
    _collected: dict[str, list[Collected]] = field(default_factory=dict)

    def collect(self, runtime_type: str, schema: GraphQLSchema) -> list[Collected]:
        """What GraphQL's CollectFields gives for an object of `runtime_type`, cached."""
        found = self._collected.get(runtime_type)
        if found is None:
            merged: dict[str, tuple[Field, list[Field | Fragment]]] = {}
            _collect(self, runtime_type, schema, merged)
            found = [
                Collected(
                    key,
                    first.name,
                    first.type,
                    SelectionSet(get_named_type(first.type).name, items)
                    if first.selections
                    else None,
                )
                for key, (first, items) in merged.items()
            ]
            self._collected[runtime_type] = found
        return found


def _collect(
    selections: SelectionSet,
    runtime_type: str,
    schema: GraphQLSchema,
    merged: dict[str, tuple[Field, list[Field | Fragment]]],
) -> None:
    for item in selections.items:
        if isinstance(item, Fragment):
            if applies(schema, item.type_condition, runtime_type):
                _collect(item.selections, runtime_type, schema, merged)
            continue
        entry = merged.get(item.response_key)
        if entry is None:
            entry = merged[item.response_key] = (item, [])
        if item.selections is not None:
            entry[1].extend(item.selections.items)


def applies(schema: GraphQLSchema, condition: str, runtime_type: str) -> bool:
    if condition == runtime_type:
        return True
    condition_type = schema.get_type(condition)
    object_type = schema.get_type(runtime_type)
    if isinstance(condition_type, GraphQLInterfaceType | GraphQLUnionType) and isinstance(
        object_type, GraphQLObjectType
    ):
        return schema.is_sub_type(condition_type, object_type)
    return False


@dataclass
class Operation:
    kind: OperationType
    name: str | None
    root: SelectionSet
    variable_definitions: dict[str, VariableDefinitionNode]

    @property
    def has_introspection(self) -> bool:
        return any(
            isinstance(item, Field) and item.name in INTROSPECTION_FIELDS
            for item in self.root.items
        )


class OperationError(Exception):
    """The request names no operation, or one that is not in the document."""


def select_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        if len(operations) != 1:
            raise OperationError("the document has several operations: say which in operationName")
        return operations[0]
    for operation in operations:
        if operation.name is not None and operation.name.value == name:
            return operation
    raise OperationError(f"the document has no operation called {name!r}")


def condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables @skip/@include read: their values are part of the plan's cache key."""
    names: set[str] = set()

    def visit(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            for directive in selection.directives or ():
                if directive.name.value in ("skip", "include"):
                    for argument in directive.arguments or ():
                        if isinstance(argument.value, VariableNode):
                            names.add(argument.value.name.value)
            visit(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            visit(definition.selection_set)
    return tuple(sorted(names))


def normalise(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> Operation:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root_type = schema.get_root_type(operation.operation)
    assert root_type is not None, "validation guarantees the root type exists"
    builder = _Builder(schema, fragments, variables)
    return Operation(
        kind=operation.operation,
        name=operation.name.value if operation.name else None,
        root=builder.selection_set(root_type, operation.selection_set),
        variable_definitions={
            d.variable.name.value: d for d in operation.variable_definitions or ()
        },
    )


@dataclass
class _Builder:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]

    def selection_set(
        self, parent: GraphQLObjectType | GraphQLAbstractType, node: SelectionSetNode
    ) -> SelectionSet:
        items: list[Field | Fragment] = []
        for selection in node.selections:
            if not self._included(selection.directives or ()):
                continue
            if isinstance(selection, FieldNode):
                items.append(self._field(parent, selection))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                items.append(self._fragment(target, selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments[selection.name.value]
                target = self.schema.get_type(definition.type_condition.name.value)
                items.append(self._fragment(target, definition.selection_set))
        return SelectionSet(parent.name, items)

    def _fragment(self, target: Any, node: SelectionSetNode) -> Fragment:
        assert isinstance(target, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
        return Fragment(target.name, self.selection_set(target, node))

    def _field(self, parent: GraphQLObjectType | GraphQLAbstractType, node: FieldNode) -> Field:
        name = node.name.value
        definition = _field_definition(self.schema, parent, name)
        named = get_named_type(definition.type)
        selections = None
        if node.selection_set is not None:
            assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
            selections = self.selection_set(named, node.selection_set)
        return Field(
            response_key=node.alias.value if node.alias else name,
            name=name,
            arguments=tuple(node.arguments or ()),
            definition=definition,
            selections=selections,
        )

    def _included(self, directives: tuple[DirectiveNode, ...]) -> bool:
        for directive in directives:
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            value = self._if_argument(directive)
            if (name == "skip" and value) or (name == "include" and not value):
                return False
        return True

    def _if_argument(self, directive: DirectiveNode) -> bool:
        for argument in directive.arguments or ():
            if argument.name.value != "if":
                continue
            if isinstance(argument.value, BooleanValueNode):
                return argument.value.value
            if isinstance(argument.value, VariableNode):
                return bool(self.variables.get(argument.value.name.value))
        return False


def _field_definition(
    schema: GraphQLSchema, parent: GraphQLObjectType | GraphQLAbstractType, name: str
) -> GraphQLField:
    if name == "__typename":
        return TypeNameMetaFieldDef
    if name == "__schema" and parent is schema.query_type:
        return SchemaMetaFieldDef
    if name == "__type" and parent is schema.query_type:
        return TypeMetaFieldDef
    assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType), "validated document"
    found: GraphQLField = parent.fields[name]
    return found


def is_abstract(schema: GraphQLSchema, type_name: str) -> bool:
    found = schema.get_type(type_name)
    return found is not None and is_abstract_type(found)
