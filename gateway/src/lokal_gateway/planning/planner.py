"""Turning a normalised operation into a query plan over the subgraphs.

Fields are placed in the fetch of the subgraph already answering their parent where
that subgraph resolves them (or where an `@provides` hands them over); otherwise
the planner hops through an entity key into a subgraph that does. All hops to one
subgraph at one response path share one fetch group, so every hop is one batched
`_entities` request, whatever the list length. `@requires` fields travel in the
representation; when another subgraph has to fetch them first, the hop waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    print_ast,
)

from lokal_gateway.fieldset import parse_field_set
from lokal_gateway.planning.operation import (
    INTROSPECTION_FIELDS,
    Field,
    Fragment,
    Operation,
    SelectionSet,
    _Builder,
)
from lokal_gateway.planning.plan import FetchNode, PlanNode, QueryPlan, parallel, sequence
from lokal_gateway.planning.subquery import SubSelection, variables_in
from lokal_gateway.supergraph import Supergraph


class PlanningError(Exception):
    """No subgraph can be reached for a field (composition should have refused this)."""


@dataclass(eq=False)
class _Group:
    graph: str
    kind: str
    type_name: str
    path: tuple[str, ...] = ()
    parent: _Group | None = None
    origin_sub: SubSelection | None = None
    selection: SubSelection = field(default_factory=SubSelection)
    representation: SubSelection | None = None
    dependencies: set[_Group] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)


class Planner:
    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.api_schema

    def plan(self, operation: Operation) -> QueryPlan:
        return _Planning(self.supergraph, operation).run()


class _Planning:
    def __init__(self, supergraph: Supergraph, operation: Operation) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.api_schema
        self.operation = operation
        self.groups: list[_Group] = []
        self.entity_groups: dict[tuple[str, tuple[str, ...], str, int], _Group] = {}
        self.collectors: list[set[_Group]] = []
        self.hidden = False

    def run(self) -> QueryPlan:
        operation = self.operation
        roots: list[_Group] = []
        root_type = operation.root.parent
        for item in operation.root.items:
            if isinstance(item, Fragment):
                # fragments on the root type: their fields are root fields too
                for inner in item.selections.items:
                    self._root_item(inner, root_type, roots)
                continue
            self._root_item(item, root_type, roots)
        if operation.kind is OperationType.MUTATION:
            root = sequence([self._tree(g) for g in roots]) if roots else None
        else:
            root = parallel([self._tree(g) for g in roots]) if roots else None
        passthrough = len(self.groups) == 1 and not self.hidden and not operation.has_introspection
        return QueryPlan(operation=operation, root=root, passthrough=passthrough)

    def _root_item(self, item: Field | Fragment, root_type: str, roots: list[_Group]) -> None:
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

    def _root_group(self, graphs: list[str], root_type: str, roots: list[_Group]) -> _Group:
        if self.operation.kind is OperationType.MUTATION:
            # mutations run in document order: only the last group may take the next field
            if roots and roots[-1].graph in graphs:
                return roots[-1]
        else:
            for group in roots:
                if group.graph in graphs:
                    return group
        group = _Group(graph=graphs[0], kind="root", type_name=root_type)
        self.groups.append(group)
        roots.append(group)
        return group

    # -- selections ---------------------------------------------------------------------

    def _plan_selections(
        self,
        group: _Group,
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
        group: _Group,
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
        group: _Group,
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
        group: _Group,
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

    # -- hops through entity keys ----------------------------------------------------------

    def _hop(
        self,
        group: _Group,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        entity_root: bool,
    ) -> None:
        routing = self.supergraph.routing(parent, item.name)
        assert routing is not None
        origins: list[tuple[_Group, SubSelection]] = []
        if entity_root and group.kind == "entity" and group.parent and group.origin_sub:
            # the objects at this path came from the parent: hop from there, in parallel
            origins.append((group.parent, group.origin_sub))
        origins.append((group, sub))
        for origin, origin_sub in origins:
            for target, key in self._targets(origin.graph, parent, routing.graphs, path, origin):
                entity = self._entity_group(target, parent, path, origin, origin_sub, key)
                requires = routing.requires.get(target)
                if requires is not None:
                    self._require(entity, parent, requires, origin, origin_sub, path)
                self._add_local(entity, parent, item, entity.selection, path, None)
                return
        raise PlanningError(
            f"no key of {parent} leads from subgraph {group.graph} to one that resolves "
            f"{parent}.{item.name} ({', '.join(routing.graphs)})"
        )

    def _targets(
        self, source: str, type_name: str, graphs: list[str], path: tuple[str, ...], origin: _Group
    ) -> list[tuple[str, str]]:
        """(subgraph, key) pairs reachable from `source`; an existing fetch group first."""
        routing = self.supergraph.types[type_name]
        found = []
        for graph in graphs:
            for key in routing.keys.get(graph, ()):
                if self._can_provide(source, type_name, parse_field_set(key)):
                    found.append((graph, key))
                    break
        found.sort(
            key=lambda pair: (pair[0], path, type_name, id(origin)) not in self.entity_groups
        )
        return found

    def _can_provide(self, graph: str, type_name: str, selection: SelectionSetNode) -> bool:
        for node in selection.selections:
            if not isinstance(node, FieldNode) or node.name.value == "__typename":
                continue
            routing = self.supergraph.routing(type_name, node.name.value)
            if routing is None or graph not in routing.graphs:
                return False
        return True

    def _entity_group(
        self,
        graph: str,
        type_name: str,
        path: tuple[str, ...],
        origin: _Group,
        origin_sub: SubSelection,
        key: str,
    ) -> _Group:
        index = (graph, path, type_name, id(origin))
        entity = self.entity_groups.get(index)
        if entity is None:
            entity = _Group(
                graph=graph,
                kind="entity",
                type_name=type_name,
                path=path,
                parent=origin,
                origin_sub=origin_sub,
                representation=SubSelection(),
                dependencies={origin},
            )
            self.entity_groups[index] = entity
            self.groups.append(entity)
            assert entity.representation is not None
            entity.representation.add("__typename", "__typename", composite=False)
            self._typename(origin_sub, hidden=True)
            self._copy_field_set(parse_field_set(key), entity.representation)
            self._plan_hidden(origin, type_name, parse_field_set(key), origin_sub, path)
        for collector in self.collectors:
            collector.add(entity)
        return entity

    def _require(
        self,
        entity: _Group,
        type_name: str,
        requires: str,
        origin: _Group,
        origin_sub: SubSelection,
        path: tuple[str, ...],
    ) -> None:
        selection = parse_field_set(requires)
        assert entity.representation is not None
        self._copy_field_set(selection, entity.representation)
        touched: set[_Group] = set()
        self.collectors.append(touched)
        try:
            self._plan_hidden(origin, type_name, selection, origin_sub, path)
        finally:
            self.collectors.pop()
        entity.dependencies |= touched - {entity}

    def _plan_hidden(
        self,
        group: _Group,
        type_name: str,
        selection: SelectionSetNode,
        sub: SubSelection,
        path: tuple[str, ...],
    ) -> None:
        """Fields the plan needs but the client did not ask for (keys, @requires)."""
        parent = self.schema.get_type(type_name)
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        hidden = _Builder(self.schema, {}, {}).selection_set(parent, selection)
        before = sub.print()
        self._plan_selections(group, type_name, hidden, sub, path, None, False)
        if sub.print() != before:
            self.hidden = True

    def _copy_field_set(self, selection: SelectionSetNode, target: SubSelection) -> None:
        for node in selection.selections:
            if isinstance(node, FieldNode):
                added = target.add(
                    node.name.value, node.name.value, composite=node.selection_set is not None
                )
                if node.selection_set is not None and added.selection is not None:
                    self._copy_field_set(node.selection_set, added.selection)

    # -- from groups to plan nodes --------------------------------------------------------------

    def _tree(self, group: _Group) -> PlanNode:
        fetch = self._fetch(group)
        children = [g for g in self.groups if g.parent is group]
        if not children:
            return fetch
        levels: dict[_Group, int] = {}

        def level(child: _Group) -> int:
            if child not in levels:
                levels[child] = 0
                siblings = {self._sibling_of(dep, children) for dep in child.dependencies}
                siblings.discard(None)
                siblings.discard(child)
                levels[child] = max((level(s) + 1 for s in siblings if s), default=0)
            return levels[child]

        for child in children:
            level(child)
        blocks = [
            parallel([self._tree(c) for c in children if levels[c] == n])
            for n in range(max(levels.values()) + 1)
        ]
        return sequence([fetch, *blocks])

    def _sibling_of(self, group: _Group, siblings: list[_Group]) -> _Group | None:
        current: _Group | None = group
        while current is not None and current not in siblings:
            current = current.parent
        return current

    def _fetch(self, group: _Group) -> FetchNode:
        definitions = self.operation.variable_definitions
        names = tuple(sorted(n for n in group.variables if n in definitions))
        declared = [print_ast(definitions[n]) for n in names]
        if group.kind == "root":
            kind = "mutation" if self.operation.kind is OperationType.MUTATION else "query"
            head = f"{kind}({', '.join(declared)})" if declared else kind
            return FetchNode(
                service=group.graph,
                document=f"{head} {group.selection.print()}",
                operation_kind=kind,
                variable_names=names,
                response_keys=tuple(group.selection.fields),
            )
        head = ", ".join(["$representations: [_Any!]!", *declared])
        document = (
            f"query({head}) {{ _entities(representations: $representations) "
            f"{{ ... on {group.type_name} {group.selection.print()} }} }}"
        )
        return FetchNode(
            service=group.graph,
            document=document,
            operation_kind="query",
            variable_names=names,
            path=group.path,
            entity_type=group.type_name,
            representation=group.representation,
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
