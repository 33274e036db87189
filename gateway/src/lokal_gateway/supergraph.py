"""A supergraph SDL (join spec v0.3-v0.5) read into the API schema plus who resolves what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    REMOVE,
    BooleanValueNode,
    ConstDirectiveNode,
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumValueNode,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    Node,
    ObjectTypeDefinitionNode,
    StringValueNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
    Visitor,
    build_ast_schema,
    parse,
    visit,
)

MACHINERY_DIRECTIVES = frozenset({"link", "tag", "inaccessible"})


@dataclass(frozen=True)
class Graph:
    name: str
    enum_name: str
    url: str


@dataclass
class FieldRouting:
    graphs: list[str] = field(default_factory=list)
    """Subgraphs that resolve the field, in supergraph order."""
    requires: dict[str, str] = field(default_factory=dict)
    provides: dict[str, str] = field(default_factory=dict)


@dataclass
class TypeRouting:
    name: str
    graphs: list[str] = field(default_factory=list)
    keys: dict[str, list[str]] = field(default_factory=dict)
    """Subgraph -> the field sets of its resolvable keys (fetch the entity there by them)."""
    fields: dict[str, FieldRouting] = field(default_factory=dict)


@dataclass
class Supergraph:
    sdl: str
    api_schema: GraphQLSchema
    graphs: dict[str, Graph]
    types: dict[str, TypeRouting]
    possible: dict[tuple[str, str], frozenset[str]]
    """(subgraph, abstract type) -> the object types the subgraph says it can be."""

    def routing(self, type_name: str, field_name: str) -> FieldRouting | None:
        type_routing = self.types.get(type_name)
        return type_routing.fields.get(field_name) if type_routing else None

    def in_graph(self, type_name: str, graph: str) -> bool:
        type_routing = self.types.get(type_name)
        return type_routing is not None and graph in type_routing.graphs

    def possible_in(self, graph: str, abstract: str) -> frozenset[str]:
        return self.possible.get((graph, abstract), frozenset())


def load_supergraph(sdl: str) -> Supergraph:
    document = parse(sdl)
    graphs = _graphs(document)
    by_enum = {g.enum_name: g.name for g in graphs.values()}
    types: dict[str, TypeRouting] = {}
    possible: dict[tuple[str, str], set[str]] = {}
    for definition in document.definitions:
        if not isinstance(definition, TypeDefinitionNode) or _is_machinery(definition.name.value):
            continue
        name = definition.name.value
        routing = types[name] = TypeRouting(name=name)
        for directive in _directives(definition, "join__type"):
            args = _args(directive)
            graph = by_enum[str(args["graph"])]
            if graph not in routing.graphs:
                routing.graphs.append(graph)
            if "key" in args and args.get("resolvable", True) is not False:
                routing.keys.setdefault(graph, []).append(str(args["key"]))
        for directive in _directives(definition, "join__implements"):
            args = _args(directive)
            possible.setdefault((by_enum[str(args["graph"])], str(args["interface"])), set()).add(
                name
            )
        if isinstance(definition, UnionTypeDefinitionNode):
            for directive in _directives(definition, "join__unionMember"):
                args = _args(directive)
                possible.setdefault((by_enum[str(args["graph"])], name), set()).add(
                    str(args["member"])
                )
            if not any(_directives(definition, "join__unionMember")):
                for graph in routing.graphs:
                    possible[(graph, name)] = {t.name.value for t in definition.types or ()}
        if isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            for field_node in definition.fields or ():
                routing.fields[field_node.name.value] = _field_routing(
                    field_node.directives or (), routing.graphs, by_enum
                )
    _add_interface_objects(document, possible, types)
    return Supergraph(
        sdl=sdl,
        api_schema=build_ast_schema(api_document(document)),
        graphs=graphs,
        types=types,
        possible={key: frozenset(value) for key, value in possible.items()},
    )


def _add_interface_objects(
    document: DocumentNode, possible: dict[tuple[str, str], set[str]], types: dict[str, TypeRouting]
) -> None:
    """Older supergraphs omit @join__implements: then every graph of an object implements all."""
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            continue
        if any(_directives(definition, "join__implements")):
            continue
        for interface in definition.interfaces or ():
            for graph in types[definition.name.value].graphs:
                if graph in types.get(interface.name.value, TypeRouting("")).graphs:
                    possible.setdefault((graph, interface.name.value), set()).add(
                        definition.name.value
                    )


def _field_routing(
    directives: tuple[ConstDirectiveNode, ...], type_graphs: list[str], by_enum: dict[str, str]
) -> FieldRouting:
    joins = [d for d in directives if d.name.value == "join__field"]
    routing = FieldRouting()
    with_graph = [
        _args(d) for d in joins if any(a.name.value == "graph" for a in d.arguments or ())
    ]
    if not with_graph:
        routing.graphs = list(type_graphs)
        return routing
    for args in with_graph:
        graph = by_enum[str(args["graph"])]
        if args.get("external") is True or args.get("usedOverridden") is True:
            continue
        routing.graphs.append(graph)
        if "requires" in args:
            routing.requires[graph] = str(args["requires"])
        if "provides" in args:
            routing.provides[graph] = str(args["provides"])
    return routing


def _graphs(document: DocumentNode) -> dict[str, Graph]:
    for definition in document.definitions:
        if (
            isinstance(definition, EnumTypeDefinitionNode)
            and definition.name.value == "join__Graph"
        ):
            graphs = {}
            for value in definition.values or ():
                for directive in _directives(value, "join__graph"):
                    args = _args(directive)
                    graphs[str(args["name"])] = Graph(
                        name=str(args["name"]),
                        enum_name=value.name.value,
                        url=str(args.get("url", "")),
                    )
            return graphs
    raise ValueError("not a supergraph: it has no join__Graph enum")


def _directives(node: Any, name: str) -> list[ConstDirectiveNode]:
    return [d for d in getattr(node, "directives", None) or () if d.name.value == name]


def _args(directive: ConstDirectiveNode) -> dict[str, object]:
    values: dict[str, object] = {}
    for argument in directive.arguments or ():
        value = argument.value
        if isinstance(value, StringValueNode | BooleanValueNode | EnumValueNode):
            values[argument.name.value] = value.value
    return values


def _is_machinery(name: str) -> bool:
    return name.startswith(("join__", "link__"))


class _ApiSchema(Visitor):
    """Drops the routing machinery and every @inaccessible element."""

    def enter(self, node: Node, *_: Any) -> Any:
        if isinstance(node, DirectiveDefinitionNode):
            name = node.name.value
            return REMOVE if _is_machinery(name) or name in MACHINERY_DIRECTIVES else None
        if isinstance(node, TypeDefinitionNode) and _is_machinery(node.name.value):
            return REMOVE
        directives = getattr(node, "directives", None)
        if directives and any(d.name.value == "inaccessible" for d in directives):
            return REMOVE
        return None

    def enter_const_directive(self, node: ConstDirectiveNode, *_: Any) -> Any:
        name = node.name.value
        return REMOVE if _is_machinery(name) or name in MACHINERY_DIRECTIVES else None

    def enter_directive(self, node: ConstDirectiveNode, *_: Any) -> Any:
        return self.enter_const_directive(node)


def api_document(supergraph: DocumentNode) -> DocumentNode:
    """The schema clients see: no join/link machinery, nothing @inaccessible."""
    result = visit(supergraph, _ApiSchema())
    assert isinstance(result, DocumentNode)
    return result
