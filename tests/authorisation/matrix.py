"""The expected matrix (`matrix.yaml`) and what the supergraph says it must cover."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import graphql
import yaml

from .world import ROLES, SUBJECT_ROLES

HERE = Path(__file__).parent
SUPERGRAPH = HERE.parents[1] / "gateway" / "supergraph.graphql"
ALLOWED = {"allow", "own"}
DENIALS = {"FORBIDDEN", "UNAUTHENTICATED"}
READ_CELLS = ALLOWED | {"deny"}
MUTATION_CELLS = ALLOWED | DENIALS
SKIPPED_TYPES = {"Query", "Mutation", "PageInfo"}


@dataclass(frozen=True)
class FieldRow:
    type: str
    field: str
    selection: str
    """The field with the selection set it needs, e.g. `competences { level }`."""
    subject: str
    """Whose field it is: a world attribute (`placement`) or a role's person (`maker`)."""
    optional: bool
    """Allowed roles may find it empty: the subject has nothing there yet."""
    cells: dict[str, str]


@dataclass(frozen=True)
class PersonalType:
    name: str
    reach: str
    """The gateway's root field that returns the subject, with `$id` for its key."""
    key: str
    subject: str
    reach_as_subject: str
    """How the subject reaches it themself, when that is another root field."""
    maker: str
    """Who signs in as `maker`, when not the world's subject maker (the erased person)."""
    public: tuple[str, ...]
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class Matrix:
    mutations: dict[str, dict[str, str]]
    personal: dict[str, PersonalType]
    public: dict[str, str]
    nested: dict[str, str]


def _cells(where: str, values: list[str], allowed: set[str]) -> dict[str, str]:
    assert isinstance(values, list), f"{where}: a list of cells"
    assert len(values) == len(ROLES), f"{where}: one cell per role"
    cells = dict(zip(ROLES, values, strict=True))
    for role, cell in cells.items():
        known = cell in allowed or (allowed is MUTATION_CELLS and cell.isupper())
        assert known, f"{where}/{role}: {cell!r} is not one of {sorted(allowed)} or a code"
        if cell == "own":
            assert role in SUBJECT_ROLES, f"{where}/{role}: `own` needs a subject"
    return cells


@cache
def load() -> Matrix:
    raw: dict[str, Any] = yaml.safe_load((HERE / "matrix.yaml").read_text())
    mutations = {
        name: _cells(name, cells, MUTATION_CELLS) for name, cells in raw["mutations"].items()
    }
    personal = {}
    for name, spec in raw["personal"].items():
        rows = []
        for selection, cells in spec["fields"].items():
            text, _, subject = selection.partition(" @")
            optional = text.endswith("?")
            text = text.rstrip("?").strip()
            rows.append(
                FieldRow(
                    type=name,
                    field=text.split()[0],
                    selection=text,
                    subject=subject or spec["subject"],
                    optional=optional,
                    cells=_cells(f"{name}.{text}", cells, READ_CELLS),
                )
            )
        personal[name] = PersonalType(
            name=name,
            reach=spec["reach"],
            key=spec.get("key", "id"),
            subject=spec["subject"],
            reach_as_subject=spec.get("reach_as_subject", ""),
            maker=spec.get("maker", "maker"),
            public=tuple(spec.get("public", ())),
            rows=tuple(rows),
        )
    return Matrix(mutations, personal, raw["public"], raw["nested"])


@dataclass(frozen=True)
class Supergraph:
    schema: graphql.GraphQLSchema
    graphs: dict[str, str]
    """join__Graph value → subgraph name."""

    def object_types(self) -> dict[str, graphql.GraphQLObjectType]:
        return {
            name: t
            for name, t in self.schema.type_map.items()
            if isinstance(t, graphql.GraphQLObjectType)
            and not name.startswith("_")
            and name not in SKIPPED_TYPES
            and not name.endswith(("Connection", "Edge"))
        }

    def entity_subgraphs(self, type_name: str) -> dict[str, str]:
        """The subgraphs that resolve `type_name` by key: subgraph → key fields."""
        found = {}
        node = self.schema.type_map[type_name].ast_node
        assert node is not None
        for directive in node.directives or ():
            if directive.name.value != "join__type":
                continue
            args = {
                a.name.value: graphql.value_from_ast_untyped(a.value) for a in directive.arguments
            }
            if "key" in args and args.get("resolvable", True):
                found[self.graphs[str(args["graph"])]] = str(args["key"])
        return found

    def field_subgraphs(self, type_name: str, field: str) -> set[str]:
        """The subgraphs that resolve `type_name.field`."""
        owner = self.schema.type_map[type_name]
        assert isinstance(owner, graphql.GraphQLObjectType)
        node = owner.fields[field].ast_node
        assert node is not None
        joined = {
            self.graphs[str(graphql.value_from_ast_untyped(a.value))]
            for d in node.directives or ()
            if d.name.value == "join__field"
            for a in d.arguments
            if a.name.value == "graph"
        }
        return joined or set(self.entity_subgraphs(type_name))


@cache
def supergraph() -> Supergraph:
    document = graphql.parse(SUPERGRAPH.read_text())
    schema = graphql.build_ast_schema(document, assume_valid=True)
    graph_enum = schema.type_map["join__Graph"]
    assert isinstance(graph_enum, graphql.GraphQLEnumType)
    graphs = {}
    for name, value in graph_enum.values.items():
        assert value.ast_node is not None
        (directive,) = value.ast_node.directives or ()
        args = {a.name.value: graphql.value_from_ast_untyped(a.value) for a in directive.arguments}
        graphs[name] = str(args["name"])
    return Supergraph(schema, graphs)
