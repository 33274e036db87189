"""The merged supergraph types, with who defines what: composition's working model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from lokal_gateway.composition.meta import FieldMeta

Kind = Literal["object", "interface", "union", "enum", "input", "scalar"]
BUILT_IN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


@dataclass
class MergedArgument:
    name: str
    type: str
    default: str | None
    description: str | None


@dataclass
class MergedField:
    name: str
    type: str
    description: str | None = None
    deprecation: str | None = None
    arguments: dict[str, MergedArgument] = field(default_factory=dict)
    graphs: dict[str, FieldMeta] = field(default_factory=dict)
    """Subgraph -> its directives on the field, for every subgraph that declares it."""
    graph_types: dict[str, str] = field(default_factory=dict)

    def resolving_graphs(self) -> list[str]:
        """Subgraphs that resolve this field: declared there, not external, not overridden."""
        overridden = {meta.override for meta in self.graphs.values() if meta.override}
        return [
            graph
            for graph, meta in self.graphs.items()
            if not meta.external and graph not in overridden
        ]


@dataclass
class MergedEnumValue:
    name: str
    description: str | None
    deprecation: str | None
    graphs: list[str] = field(default_factory=list)


@dataclass
class MergedType:
    name: str
    kind: Kind
    description: str | None = None
    graphs: list[str] = field(default_factory=list)
    fields: dict[str, MergedField] = field(default_factory=dict)
    interfaces: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, MergedEnumValue] = field(default_factory=dict)

    def all_interfaces(self) -> list[str]:
        return list(dict.fromkeys(name for names in self.interfaces.values() for name in names))

    def all_members(self) -> list[str]:
        return list(dict.fromkeys(name for names in self.members.values() for name in names))


def kind_of(graphql_type: GraphQLNamedType) -> Kind:
    if isinstance(graphql_type, GraphQLObjectType):
        return "object"
    if isinstance(graphql_type, GraphQLInterfaceType):
        return "interface"
    if isinstance(graphql_type, GraphQLUnionType):
        return "union"
    if isinstance(graphql_type, GraphQLEnumType):
        return "enum"
    if isinstance(graphql_type, GraphQLInputObjectType):
        return "input"
    return "scalar"


def kind_article(kind: Kind) -> str:
    return {
        "object": "an object type",
        "interface": "an interface",
        "union": "a union",
        "enum": "an enum",
        "input": "an input type",
        "scalar": "a scalar",
    }[kind]
