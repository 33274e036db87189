"""Federation directives as a subgraph spells them (`@link` imports, renames) and what they say."""

from __future__ import annotations

import re

from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    DocumentNode,
    ListValueNode,
    ObjectTypeExtensionNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    ValueNode,
)

from lokal_gateway.composition.errors import CompositionError, CompositionProblem
from lokal_gateway.composition.meta import FieldMeta, Key, TypeMeta

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


def federation_names(subgraph: str, document: DocumentNode) -> tuple[dict[str, str], str]:
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


def read_type_directives(
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


def read_field_directives(
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
