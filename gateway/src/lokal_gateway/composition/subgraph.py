"""One subgraph's SDL, read into a schema plus the federation metadata of its types and fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    GraphQLSchema,
    ListValueNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ObjectValueNode,
    OperationType,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    UnionTypeDefinitionNode,
    ValueNode,
    build_ast_schema,
    parse,
)
from graphql.error import GraphQLError

from lokal_gateway.composition.errors import CompositionError, CompositionProblem

FEDERATION_URL = re.compile(r"^https://specs\.apollo\.dev/federation/v(2\.\d+)$")
FEDERATION_DIRECTIVES = (
    "key",
    "external",
    "requires",
    "provides",
    "shareable",
    "inaccessible",
    "tag",
    "override",
    "extends",
    "interfaceObject",
    "composeDirective",
    "authenticated",
    "requiresScopes",
    "policy",
    "context",
    "fromContext",
    "cost",
    "listSize",
)
# Machinery every federation subgraph carries; none of it belongs in the supergraph.
MACHINERY_TYPES = frozenset(
    {"_Any", "_Entity", "_Service", "_FieldSet", "FieldSet", "Policy", "Scope", "ContextFieldValue"}
)
MACHINERY_FIELDS = frozenset({"_entities", "_service"})


@dataclass
class Key:
    fields: str
    resolvable: bool = True


@dataclass
class FieldMeta:
    external: bool = False
    requires: str | None = None
    provides: str | None = None
    shareable: bool = False
    inaccessible: bool = False
    override: str | None = None
    override_label: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class TypeMeta:
    keys: list[Key] = field(default_factory=list)
    shareable: bool = False
    inaccessible: bool = False
    extension: bool = False
    interface_object: bool = False
    tags: list[str] = field(default_factory=list)
    fields: dict[str, FieldMeta] = field(default_factory=dict)
    enum_values_inaccessible: set[str] = field(default_factory=set)


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
    names, version = _federation_names(name, document)
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
        _read_type_directives(
            meta, getattr(definition, "directives", None) or (), names, definition
        )
        for field_node in getattr(definition, "fields", None) or ():
            field_meta = meta.fields.setdefault(field_node.name.value, FieldMeta())
            _read_field_directives(field_meta, field_node.directives or (), names)
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


def _federation_names(subgraph: str, document: DocumentNode) -> tuple[dict[str, str], str]:
    """Local directive name -> canonical federation name, from the schema's `@link`."""
    for definition in document.definitions:
        if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "link":
                continue
            args = {a.name.value: a.value for a in directive.arguments or ()}
            url = args.get("url")
            match = FEDERATION_URL.match(url.value) if isinstance(url, StringValueNode) else None
            if match is None:
                continue
            names = {f"federation__{d}": d for d in FEDERATION_DIRECTIVES}
            imports = args.get("import")
            for item in imports.values if isinstance(imports, ListValueNode) else ():
                local, canonical = _import_names(item)
                if canonical.startswith("@"):
                    names[local.lstrip("@")] = canonical.lstrip("@")
            return names, match.group(1)
    raise CompositionError(
        [
            CompositionProblem(
                "UNSUPPORTED_FEDERATION_VERSION",
                "the subgraph does not @link the Federation 2 spec "
                "(https://specs.apollo.dev/federation/v2.x); Federation 1 is not supported",
                subgraph,
            )
        ]
    )


def _import_names(item: ValueNode) -> tuple[str, str]:
    if isinstance(item, StringValueNode):
        return item.value, item.value
    if isinstance(item, ObjectValueNode):
        fields = {f.name.value: f.value for f in item.fields}
        name, alias = fields.get("name"), fields.get("as")
        if isinstance(name, StringValueNode):
            local = alias.value if isinstance(alias, StringValueNode) else name.value
            return local, name.value
    return "", ""


def _arguments(directive: ConstDirectiveNode) -> dict[str, object]:
    values: dict[str, object] = {}
    for argument in directive.arguments or ():
        value = argument.value
        if isinstance(value, StringValueNode | BooleanValueNode):
            values[argument.name.value] = value.value
    return values


def _read_type_directives(
    meta: TypeMeta,
    directives: tuple[ConstDirectiveNode, ...],
    names: dict[str, str],
    definition: object,
) -> None:
    if isinstance(definition, ObjectTypeExtensionNode):
        meta.extension = True
    for directive in directives:
        canonical = names.get(directive.name.value)
        args = _arguments(directive)
        if canonical == "key":
            meta.keys.append(Key(str(args.get("fields", "")), bool(args.get("resolvable", True))))
        elif canonical == "shareable":
            meta.shareable = True
        elif canonical == "inaccessible":
            meta.inaccessible = True
        elif canonical == "extends":
            meta.extension = True
        elif canonical == "interfaceObject":
            meta.interface_object = True
        elif canonical == "tag":
            meta.tags.append(str(args.get("name", "")))


def _read_field_directives(
    meta: FieldMeta, directives: tuple[ConstDirectiveNode, ...], names: dict[str, str]
) -> None:
    for directive in directives:
        canonical = names.get(directive.name.value)
        args = _arguments(directive)
        if canonical == "external":
            meta.external = True
        elif canonical == "requires":
            meta.requires = str(args.get("fields", ""))
        elif canonical == "provides":
            meta.provides = str(args.get("fields", ""))
        elif canonical == "shareable":
            meta.shareable = True
        elif canonical == "inaccessible":
            meta.inaccessible = True
        elif canonical == "override":
            meta.override = str(args.get("from", ""))
            label = args.get("label")
            meta.override_label = str(label) if label is not None else None
        elif canonical == "tag":
            meta.tags.append(str(args.get("name", "")))
