"""One subgraph's SDL, read into a schema plus the federation metadata of its types and fields."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationType,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
)
from graphql.error import GraphQLError

from lokal_gateway.composition.directives import (
    federation_names,
    read_field_directives,
    read_type_directives,
)
from lokal_gateway.composition.errors import CompositionError, CompositionProblem
from lokal_gateway.composition.meta import FieldMeta, TypeMeta

# Machinery every federation subgraph carries; none of it belongs in the supergraph.
MACHINERY_TYPES = frozenset(
    {"_Any", "_Entity", "_Service", "_FieldSet", "FieldSet", "Policy", "Scope", "ContextFieldValue"}
)
MACHINERY_FIELDS = frozenset({"_entities", "_service"})


@dataclass
class Subgraph:
    """A subgraph as composition sees it: `schema` without the federation machinery."""

    name: str
    url: str
    sdl: str
    schema: GraphQLSchema
    types: dict[str, TypeMeta]
    federation_version: str
    entity_types: frozenset[str]
    """Members of the subgraph's `_Entity` union: the types `_entities` can resolve."""

    def meta(self, type_name: str) -> TypeMeta:
        return self.types.setdefault(type_name, TypeMeta())

    def field_meta(self, type_name: str, field_name: str) -> FieldMeta:
        return self.meta(type_name).fields.get(field_name) or FieldMeta()


def read_subgraph(name: str, url: str, sdl: str) -> Subgraph:
    """Parse a subgraph's `_service { sdl }` and collect its federation directives."""
    try:
        document = parse(sdl, no_location=False)
    except GraphQLError as error:
        raise CompositionError(
            [CompositionProblem("INVALID_GRAPHQL", f"the SDL does not parse: {error}", name)]
        ) from None
    names, version = federation_names(name, document)
    kept = []
    types: dict[str, TypeMeta] = {}
    entity_types: set[str] = set()
    for definition in document.definitions:
        if isinstance(definition, UnionTypeDefinitionNode) and definition.name.value == "_Entity":
            entity_types.update(member.name.value for member in definition.types or ())
        if isinstance(definition, DirectiveDefinitionNode):
            continue
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            _check_root_names(name, definition)
            continue
        type_name = getattr(definition, "name", None)
        if type_name is None:
            continue
        if _is_machinery(type_name.value):
            continue
        if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode) and any(
            f.name.value in MACHINERY_FIELDS for f in definition.fields or ()
        ):
            fields = tuple(
                f for f in definition.fields or () if f.name.value not in MACHINERY_FIELDS
            )
            if not fields:
                continue
            definition = _with_fields(definition, fields)
        meta = types.setdefault(type_name.value, TypeMeta())
        read_type_directives(meta, getattr(definition, "directives", None) or (), names, definition)
        for field_node in getattr(definition, "fields", None) or ():
            field_meta = meta.fields.setdefault(field_node.name.value, FieldMeta())
            read_field_directives(field_meta, field_node.directives or (), names)
        if isinstance(definition, EnumTypeDefinitionNode):
            for value in definition.values or ():
                if any(names.get(d.name.value) == "inaccessible" for d in value.directives or ()):
                    meta.enum_values_inaccessible.add(value.name.value)
        kept.append(definition)
    try:
        schema = build_ast_schema(DocumentNode(definitions=tuple(kept)), assume_valid_sdl=True)
    except (GraphQLError, TypeError) as error:
        raise CompositionError(
            [CompositionProblem("INVALID_GRAPHQL", f"the SDL is not a valid schema: {error}", name)]
        ) from None
    return Subgraph(
        name=name,
        url=url,
        sdl=sdl,
        schema=schema,
        types=types,
        federation_version=version,
        entity_types=frozenset(entity_types),
    )


def _is_machinery(type_name: str) -> bool:
    return type_name in MACHINERY_TYPES or type_name.startswith(("federation__", "link__"))


def _with_fields(
    definition: ObjectTypeDefinitionNode | ObjectTypeExtensionNode,
    fields: tuple[FieldDefinitionNode, ...],
) -> ObjectTypeDefinitionNode | ObjectTypeExtensionNode:
    if isinstance(definition, ObjectTypeExtensionNode):
        return ObjectTypeExtensionNode(
            name=definition.name,
            directives=definition.directives,
            interfaces=definition.interfaces,
            fields=fields,
            loc=definition.loc,
        )
    return ObjectTypeDefinitionNode(
        name=definition.name,
        description=definition.description,
        directives=definition.directives,
        interfaces=definition.interfaces,
        fields=fields,
        loc=definition.loc,
    )


def _check_root_names(
    subgraph: str, definition: SchemaDefinitionNode | SchemaExtensionNode
) -> None:
    expected = {OperationType.QUERY: "Query", OperationType.MUTATION: "Mutation"}
    for operation in definition.operation_types or ():
        wanted = expected.get(operation.operation)
        if wanted is None or operation.type.name.value != wanted:
            raise CompositionError(
                [
                    CompositionProblem(
                        "ROOT_TYPE_NAME",
                        f"the {operation.operation.value} root type must be called {wanted} "
                        f"(subscriptions are not served)",
                        subgraph,
                        operation.type.name.value,
                    )
                ]
            )
