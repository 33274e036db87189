"""Turning a normalised operation into a query plan over the subgraphs.

Fields are placed in the fetch of the subgraph already answering their parent where
that subgraph resolves them (or where an `@provides` hands them over); otherwise
the planner hops through an entity key into a subgraph that does. All hops to one
subgraph at one response path share one fetch group, so every hop is one batched
`_entities` request, whatever the list length. `@requires` fields travel in the
representation; when another subgraph has to fetch them first, the hop waits for it.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLUnionType,
    OperationType,
    SelectionSetNode,
    get_named_type,
)

from lokal_gateway.fieldset import parse_field_set
from lokal_gateway.planning.groups import FetchGroup, assemble
from lokal_gateway.planning.hops import EntityHops, PlanningError
from lokal_gateway.planning.operation import (
    INTROSPECTION_FIELDS,
    Field,
    Fragment,
    Operation,
    SelectionSet,
)
from lokal_gateway.planning.plan import QueryPlan
from lokal_gateway.planning.subquery import SubSelection, variables_in
from lokal_gateway.supergraph import Supergraph


class Planner:
    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.api_schema

    def plan(self, operation: Operation) -> QueryPlan:
        return _Planning(self.supergraph, operation).run()


class _Planning(EntityHops):
    def __init__(self, supergraph: Supergraph, operation: Operation) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.api_schema
        self.operation = operation
        self.groups: list[FetchGroup] = []
        self.entity_groups: dict[tuple[str, tuple[str, ...], str, int], FetchGroup] = {}
        self.collectors: list[set[FetchGroup]] = []
        self.hidden = False

    def run(self) -> QueryPlan:
        operation = self.operation
        roots: list[FetchGroup] = []
        root_type = operation.root.parent
        for item in operation.root.items:
            if isinstance(item, Fragment):
                # fragments on the root type: their fields are root fields too
                for inner in item.selections.items:
                    self._root_item(inner, root_type, roots)
                continue
            self._root_item(item, root_type, roots)
        root = assemble(roots, self.groups, operation)
        passthrough = len(self.groups) == 1 and not self.hidden and not operation.has_introspection
        return QueryPlan(operation=operation, root=root, passthrough=passthrough)

    def _root_item(self, item: Field | Fragment, root_type: str, roots: list[FetchGroup]) -> None:
        if isinstance(item, Fragment):
            for inner in item.selections.items:
                self._root_item(inner, root_type, roots)
            return
        if item.name in INTROSPECTION_FIELDS or item.name == "__typename":
            self.hidden = self.hidden or item.name == "__typename"
            return
        routing = self.supergraph.routing(root_type, item.name)
        if routing is None or not routing.graphs:
            raise PlanningError(f"no subgraph resolves {root_type}.{item.name}")
        group = self._root_group(routing.graphs, root_type, roots)
        self._add_local(group, root_type, item, group.selection, (), None)

    def _root_group(self, graphs: list[str], root_type: str, roots: list[FetchGroup]) -> FetchGroup:
        if self.operation.kind is OperationType.MUTATION:
            # mutations run in document order: only the last group may take the next field
            if roots and roots[-1].graph in graphs:
                return roots[-1]
        else:
            for group in roots:
                if group.graph in graphs:
                    return group
        group = FetchGroup(graph=graphs[0], kind="root", type_name=root_type)
        self.groups.append(group)
        roots.append(group)
        return group

    # -- selections ---------------------------------------------------------------------

    def _plan_selections(
        self,
        group: FetchGroup,
        parent: str,
        selections: SelectionSet,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
        entity_root: bool,
    ) -> None:
        parent_type = self.schema.get_type(parent)
        abstract = isinstance(parent_type, GraphQLInterfaceType | GraphQLUnionType)
        for item in selections.items:
            if isinstance(item, Field):
                if abstract:
                    self._abstract_field(group, parent, item, sub, path, provided)
                else:
                    self._field(group, parent, item, sub, path, provided, entity_root)
                continue
            condition = item.type_condition
            condition_type = self.schema.get_type(condition)
            if not abstract:
                if condition == parent or (
                    isinstance(condition_type, GraphQLInterfaceType | GraphQLUnionType)
                    and isinstance(parent_type, GraphQLObjectType)
                    and self.schema.is_sub_type(condition_type, parent_type)
                ):
                    self._plan_selections(
                        group, parent, item.selections, sub, path, provided, entity_root
                    )
                continue
            for concrete in self._concrete_types(group.graph, parent, condition):
                self._typename(sub, hidden=True)
                self._plan_selections(
                    group, concrete, item.selections, sub.fragment(concrete), path, provided, False
                )

    def _concrete_types(self, graph: str, parent: str, condition: str) -> list[str]:
        """Object types an object of abstract `parent` from `graph` can have, within `condition`."""
        in_graph = self.supergraph.possible_in(graph, parent)
        condition_type = self.schema.get_type(condition)
        if isinstance(condition_type, GraphQLObjectType):
            wanted = {condition}
        elif isinstance(condition_type, GraphQLInterfaceType | GraphQLUnionType):
            wanted = {t.name for t in self.schema.get_possible_types(condition_type)}
        else:
            wanted = set()
        return sorted(in_graph & wanted)

    def _abstract_field(
        self,
        group: FetchGroup,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
    ) -> None:
        if item.name == "__typename":
            self._typename(sub, hidden=False, key=item.response_key)
            return
        routing = self.supergraph.routing(parent, item.name)
        if (
            routing is not None
            and group.graph in routing.graphs
            and group.graph not in routing.requires
        ):
            self._add_local(group, parent, item, sub, path, provided)
            return
        self._typename(sub, hidden=True)
        for concrete in self._concrete_types(group.graph, parent, parent):
            self._field(group, concrete, item, sub.fragment(concrete), path, provided, False)

    def _typename(self, sub: SubSelection, *, hidden: bool, key: str = "__typename") -> None:
        if hidden and "__typename" not in sub.fields:
            self.hidden = True
        sub.add(key, "__typename", composite=False)

    def _field(
        self,
        group: FetchGroup,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
        entity_root: bool,
    ) -> None:
        if item.name == "__typename":
            self._typename(sub, hidden=False, key=item.response_key)
            return
        routing = self.supergraph.routing(parent, item.name)
        if routing is None:
            raise PlanningError(f"the supergraph knows no field {parent}.{item.name}")
        local = group.graph in routing.graphs or _provides(provided, item.name)
        requires = routing.requires.get(group.graph) if local else None
        if local and requires is None:
            self._add_local(group, parent, item, sub, path, provided)
        elif local and entity_root and group.kind == "entity" and group.type_name == parent:
            assert requires is not None
            assert group.parent is not None
            assert group.origin_sub is not None
            self._require(group, parent, requires, group.parent, group.origin_sub, path)
            self._add_local(group, parent, item, sub, path, provided)
        else:
            self._hop(group, parent, item, sub, path, entity_root)

    def _add_local(
        self,
        group: FetchGroup,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
    ) -> None:
        for collector in self.collectors:
            collector.add(group)
        added = sub.add(
            item.response_key, item.name, item.arguments, composite=item.selections is not None
        )
        group.variables |= variables_in(item.arguments)
        if item.selections is None or added.selection is None:
            return
        named = get_named_type(item.type).name
        child_path = (*path, item.response_key, *("@",) * _list_depth(item.type))
        child_provided = _provided_below(provided, item.name)
        routing = self.supergraph.routing(parent, item.name)
        if routing is not None and group.graph in routing.provides:
            child_provided = parse_field_set(routing.provides[group.graph])
        self._plan_selections(
            group, named, item.selections, added.selection, child_path, child_provided, False
        )


def _provides(provided: SelectionSetNode | None, name: str) -> bool:
    return provided is not None and any(
        isinstance(n, FieldNode) and n.name.value == name for n in provided.selections
    )


def _provided_below(provided: SelectionSetNode | None, name: str) -> SelectionSetNode | None:
    for node in provided.selections if provided else ():
        if isinstance(node, FieldNode) and node.name.value == name:
            return node.selection_set
    return None


def _list_depth(type_: GraphQLOutputType) -> int:
    depth = 0
    current: object = type_
    while isinstance(current, GraphQLNonNull | GraphQLList):
        if isinstance(current, GraphQLList):
            depth += 1
        current = current.of_type
    return depth
