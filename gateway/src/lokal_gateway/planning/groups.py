"""Fetch groups, the planner's working units, and how they become plan nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import OperationType, print_ast

from lokal_gateway.planning.operation import Operation
from lokal_gateway.planning.plan import FetchNode, PlanNode, parallel, sequence
from lokal_gateway.planning.subquery import SubSelection


@dataclass(eq=False)
class FetchGroup:
    """What one fetch will ask one subgraph, and where its answer goes."""

    graph: str
    kind: str
    type_name: str
    path: tuple[str, ...] = ()
    parent: FetchGroup | None = None
    origin_sub: SubSelection | None = None
    selection: SubSelection = field(default_factory=SubSelection)
    representation: SubSelection | None = None
    dependencies: set[FetchGroup] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)


def assemble(
    roots: list[FetchGroup], groups: list[FetchGroup], operation: Operation
) -> PlanNode | None:
    """Each group's fetch, then its children: in parallel, or after the siblings they wait for."""
    trees = [_tree(root, groups, operation) for root in roots]
    if not trees:
        return None
    return sequence(trees) if operation.kind is OperationType.MUTATION else parallel(trees)


def _tree(group: FetchGroup, groups: list[FetchGroup], operation: Operation) -> PlanNode:
    fetch = _fetch(group, operation)
    children = [g for g in groups if g.parent is group]
    if not children:
        return fetch
    levels: dict[FetchGroup, int] = {}

    def level(child: FetchGroup) -> int:
        if child not in levels:
            levels[child] = 0
            siblings = {_sibling_of(dep, children) for dep in child.dependencies}
            siblings.discard(None)
            siblings.discard(child)
            levels[child] = max((level(s) + 1 for s in siblings if s), default=0)
        return levels[child]

    for child in children:
        level(child)
    blocks = [
        parallel([_tree(c, groups, operation) for c in children if levels[c] == n])
        for n in range(max(levels.values()) + 1)
    ]
    return sequence([fetch, *blocks])


def _sibling_of(group: FetchGroup, siblings: list[FetchGroup]) -> FetchGroup | None:
    current: FetchGroup | None = group
    while current is not None and current not in siblings:
        current = current.parent
    return current


def _fetch(group: FetchGroup, operation: Operation) -> FetchNode:
    definitions = operation.variable_definitions
    names = tuple(sorted(n for n in group.variables if n in definitions))
    declared = [print_ast(definitions[n]) for n in names]
    if group.kind == "root":
        kind = "mutation" if operation.kind is OperationType.MUTATION else "query"
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
