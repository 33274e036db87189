"""Query plans: fetch, sequence, parallel and flatten nodes, and how they are shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lokal_gateway.planning.operation import Operation
from lokal_gateway.planning.subquery import SubSelection


@dataclass(eq=False)
class FetchNode:
    """One request to one subgraph; with a `path` it is an `_entities` fetch under a Flatten."""

    service: str
    document: str
    operation_kind: str
    variable_names: tuple[str, ...]
    path: tuple[str, ...] = ()
    entity_type: str | None = None
    representation: SubSelection | None = None
    response_keys: tuple[str, ...] = ()
    """Top-level keys a root fetch fills: null without another error when it fails."""

    @property
    def is_entity_fetch(self) -> bool:
        return self.entity_type is not None


@dataclass(eq=False)
class SequenceNode:
    nodes: tuple[PlanNode, ...]


@dataclass(eq=False)
class ParallelNode:
    nodes: tuple[PlanNode, ...]


PlanNode = FetchNode | SequenceNode | ParallelNode


@dataclass(eq=False)
class QueryPlan:
    operation: Operation
    root: PlanNode | None
    passthrough: bool
    """One fetch that asks exactly what the client asked: its answer is the answer."""

    def fetches(self) -> list[FetchNode]:
        found: list[FetchNode] = []

        def walk(node: PlanNode | None) -> None:
            if isinstance(node, FetchNode):
                found.append(node)
            elif node is not None:
                for child in node.nodes:
                    walk(child)

        walk(self.root)
        return found

    def describe(self) -> str:
        """The plan in the text form federation routers print."""
        lines = ["QueryPlan {"]
        if self.root is not None:
            _describe(self.root, 1, lines)
        lines.append("}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {"kind": "QueryPlan", "node": _as_json(self.root) if self.root else None}


def sequence(nodes: list[PlanNode]) -> PlanNode:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, SequenceNode) else (node,))
    return flat[0] if len(flat) == 1 else SequenceNode(tuple(flat))


def parallel(nodes: list[PlanNode]) -> PlanNode:
    return nodes[0] if len(nodes) == 1 else ParallelNode(tuple(nodes))


def path_text(path: tuple[str, ...]) -> str:
    return ".".join(path)


def _describe(node: PlanNode, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, FetchNode):
        if node.is_entity_fetch:
            lines.append(f'{pad}Flatten(path: "{path_text(node.path)}") {{')
            _describe_fetch(node, depth + 1, lines)
            lines.append(f"{pad}}},")
        else:
            _describe_fetch(node, depth, lines)
        return
    lines.append(f"{pad}{'Sequence' if isinstance(node, SequenceNode) else 'Parallel'} {{")
    for child in node.nodes:
        _describe(child, depth + 1, lines)
    lines.append(f"{pad}}},")


def _describe_fetch(node: FetchNode, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    lines.append(f'{pad}Fetch(service: "{node.service}") {{')
    if node.representation is not None:
        lines.append(f"{pad}  {{ ... on {node.entity_type} {node.representation.print()} }} =>")
    lines.append(f"{pad}  {node.document}")
    lines.append(f"{pad}}},")


def _as_json(node: PlanNode) -> dict[str, Any]:
    if isinstance(node, FetchNode):
        fetch: dict[str, Any] = {
            "kind": "Fetch",
            "serviceName": node.service,
            "operation": node.document,
            "operationKind": node.operation_kind,
            "variableUsages": list(node.variable_names),
        }
        if node.representation is not None:
            fetch["requires"] = f"... on {node.entity_type} {node.representation.print()}"
            return {"kind": "Flatten", "path": list(node.path), "node": fetch}
        return fetch
    kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
    return {"kind": kind, "nodes": [_as_json(child) for child in node.nodes]}
