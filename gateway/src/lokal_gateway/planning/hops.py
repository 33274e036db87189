"""Planning across subgraphs: hops through entity keys, with their representations."""

from __future__ import annotations

from abc import ABC, abstractmethod

from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    SelectionSetNode,
)

from lokal_gateway.fieldset import parse_field_set
from lokal_gateway.planning.groups import FetchGroup
from lokal_gateway.planning.operation import Field, SelectionSet, _Builder
from lokal_gateway.planning.subquery import SubSelection
from lokal_gateway.supergraph import Supergraph


class PlanningError(Exception):
    """No subgraph can be reached for a field (composition should have refused this)."""


class EntityHops(ABC):
    """A field the current subgraph cannot resolve is fetched where it can, through a key.

    All hops to one subgraph at one response path from one origin share one fetch group,
    so every hop is one batched `_entities` request whatever the list length.
    """

    supergraph: Supergraph
    schema: GraphQLSchema
    groups: list[FetchGroup]
    entity_groups: dict[tuple[str, tuple[str, ...], str, int], FetchGroup]
    collectors: list[set[FetchGroup]]
    hidden: bool

    @abstractmethod
    def _plan_selections(
        self,
        group: FetchGroup,
        parent: str,
        selections: SelectionSet,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
        entity_root: bool,
    ) -> None: ...

    @abstractmethod
    def _add_local(
        self,
        group: FetchGroup,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
    ) -> None: ...

    @abstractmethod
    def _typename(self, sub: SubSelection, *, hidden: bool, key: str = "__typename") -> None: ...

    def _hop(
        self,
        group: FetchGroup,
        parent: str,
        item: Field,
        sub: SubSelection,
        path: tuple[str, ...],
        entity_root: bool,
    ) -> None:
        routing = self.supergraph.routing(parent, item.name)
        assert routing is not None
        origins: list[tuple[FetchGroup, SubSelection]] = []
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
        self,
        source: str,
        type_name: str,
        graphs: list[str],
        path: tuple[str, ...],
        origin: FetchGroup,
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
        origin: FetchGroup,
        origin_sub: SubSelection,
        key: str,
    ) -> FetchGroup:
        index = (graph, path, type_name, id(origin))
        entity = self.entity_groups.get(index)
        if entity is None:
            entity = FetchGroup(
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
        entity: FetchGroup,
        type_name: str,
        requires: str,
        origin: FetchGroup,
        origin_sub: SubSelection,
        path: tuple[str, ...],
    ) -> None:
        selection = parse_field_set(requires)
        assert entity.representation is not None
        self._copy_field_set(selection, entity.representation)
        touched: set[FetchGroup] = set()
        self.collectors.append(touched)
        try:
            self._plan_hidden(origin, type_name, selection, origin_sub, path)
        finally:
            self.collectors.pop()
        entity.dependencies |= touched - {entity}

    def _plan_hidden(
        self,
        group: FetchGroup,
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
