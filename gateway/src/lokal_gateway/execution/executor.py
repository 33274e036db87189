"""Running a plan: fetches in sequence or in parallel, entity results merged into one tree."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from lokal_gateway.execution.paths import LinkedPath, flatten
from lokal_gateway.execution.transport import SubgraphRequest, SubgraphUnavailable, Transport
from lokal_gateway.planning.plan import FetchNode, PlanNode, SequenceNode
from lokal_gateway.planning.subquery import SubSelection
from lokal_kit.auth import ANONYMOUS, Principal

log = logging.getLogger(__name__)


@dataclass
class ExecutionState:
    variables: Mapping[str, Any]
    headers: Mapping[str, str]
    principal: Principal = ANONYMOUS
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    explained: set[tuple[str | int, ...]] = field(default_factory=set)
    """Paths whose missing data an error already explains (no second error for them)."""
    fetches: int = 0

    def add_error(self, error: dict[str, Any], path: list[str | int] | None) -> None:
        if path is not None:
            error["path"] = path
            self.explained.add(tuple(path))
        self.errors.append(error)


class Executor:
    def __init__(self, transports: Mapping[str, Transport]) -> None:
        self.transports = transports

    async def run(self, node: PlanNode, state: ExecutionState) -> None:
        if isinstance(node, FetchNode):
            if node.is_entity_fetch:
                await self._entities(node, state)
            else:
                await self._root(node, state)
        elif isinstance(node, SequenceNode):
            for child in node.nodes:
                await self.run(child, state)
        else:
            await asyncio.gather(*(self.run(child, state) for child in node.nodes))

    async def send(
        self,
        node: FetchNode,
        state: ExecutionState,
        affected: list[list[str | int]],
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """The subgraph's answer, or None when it gave none: then the `affected` client paths
        (what the fetch would have filled) are null, explained by an error."""
        variables = {n: state.variables[n] for n in node.variable_names if n in state.variables}
        if extra:
            variables.update(extra)
        request = SubgraphRequest(
            document=node.document,
            variables=variables or None,
            headers=state.headers,
            principal=state.principal,
            deduplicate=node.operation_kind == "query",
        )
        state.fetches += 1
        try:
            return await self.transports[node.service].send(request)
        except SubgraphUnavailable as error:
            message = str(error)
        except Exception:
            log.exception("fetch from subgraph %s failed", node.service)
            message = f"fetching from subgraph {node.service} failed"
        state.explained.update(tuple(path) for path in affected)
        extensions = {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": node.service}
        for path in _error_paths(affected):
            state.add_error({"message": message, "extensions": dict(extensions)}, path)
        return None

    async def _root(self, node: FetchNode, state: ExecutionState) -> None:
        answer = await self.send(node, state, [[key] for key in node.response_keys])
        if answer is None:
            return
        data = answer.get("data")
        if isinstance(data, dict):
            merge_into(state.data, data)
        elif answer.get("errors"):
            # the subgraph nulled its whole answer: its errors explain every field it had
            state.explained.update((key,) for key in node.response_keys)
        for error in answer.get("errors") or ():
            path = error.get("path")
            state.add_error(_tagged(error, node.service), path if isinstance(path, list) else None)

    async def _entities(self, node: FetchNode, state: ExecutionState) -> None:
        assert node.representation is not None
        representations: list[dict[str, Any]] = []
        targets: list[list[tuple[dict[str, Any], LinkedPath]]] = []
        index: dict[bytes, int] = {}
        for obj, path in objects_at(state.data, node.path):
            if obj.get("__typename") != node.entity_type:
                continue
            representation = _representation(obj, node.representation)
            if representation is None:
                continue
            key = orjson.dumps(representation)
            position = index.get(key)
            if position is None:
                index[key] = len(representations)
                representations.append(representation)
                targets.append([(obj, path)])
            else:
                targets[position].append((obj, path))
        if not representations:
            return
        affected = [flatten(path) for group in targets for _, path in group]
        answer = await self.send(node, state, affected, {"representations": representations})
        if answer is None:
            return
        data = answer.get("data")
        entities = data.get("_entities") if isinstance(data, dict) else None
        if isinstance(entities, list):
            for position, entity in enumerate(entities[: len(targets)]):
                if isinstance(entity, dict):
                    for obj, _ in targets[position]:
                        merge_into(obj, entity)
        for error in answer.get("errors") or ():
            state.add_error(_tagged(error, node.service), _entity_path(error.get("path"), targets))


def _error_paths(affected: list[list[str | int]]) -> Sequence[list[str | int] | None]:
    """Where to report a failed fetch: the deepest path holding everything it would have
    filled (one error for a list of entities, not one per item); the root fields of a failed
    root fetch have only the root in common, so each gets its own error."""
    if not affected:
        return [None]
    common = affected[0]
    for path in affected[1:]:
        length = 0
        for mine, theirs in zip(common, path, strict=False):
            if mine != theirs:
                break
            length += 1
        common = common[:length]
    if common:
        return [common]
    return affected


def _tagged(error: dict[str, Any], service: str) -> dict[str, Any]:
    extensions = error.get("extensions")
    tagged: dict[str, Any] = {"message": error.get("message", "")}
    tagged["extensions"] = {
        **(extensions if isinstance(extensions, dict) else {}),
        "serviceName": service,
    }
    return tagged


def _entity_path(
    path: object, targets: list[list[tuple[dict[str, Any], LinkedPath]]]
) -> list[str | int] | None:
    """`_entities.3.email` -> the client path of the object behind representation 3."""
    if not isinstance(path, list) or len(path) < 2 or path[0] != "_entities":
        return None
    position = path[1]
    if not isinstance(position, int) or not 0 <= position < len(targets):
        return None
    return [*flatten(targets[position][0][1]), *path[2:]]


def objects_at(
    data: dict[str, Any], path: tuple[str, ...]
) -> list[tuple[dict[str, Any], LinkedPath]]:
    current: list[tuple[Any, LinkedPath]] = [(data, None)]
    for segment in path:
        following: list[tuple[Any, LinkedPath]] = []
        if segment == "@":
            for value, at in current:
                if isinstance(value, list):
                    following.extend((item, (at, i)) for i, item in enumerate(value))
        else:
            for value, at in current:
                if isinstance(value, dict):
                    child = value.get(segment)
                    if child is not None:
                        following.append((child, (at, segment)))
        current = following
    return [(value, at) for value, at in current if isinstance(value, dict)]


def _representation(obj: dict[str, Any], selection: SubSelection) -> dict[str, Any] | None:
    representation: dict[str, Any] = {}
    for sub in selection.fields.values():
        if sub.key not in obj:
            return None
        value = obj[sub.key]
        if sub.selection is not None and value is not None:
            value = _copy(value, sub.selection)
            if value is None:
                return None
        representation[sub.key] = value
    return representation


def _copy(value: Any, selection: SubSelection) -> Any:
    if isinstance(value, list):
        return [_copy(item, selection) for item in value]
    if isinstance(value, dict):
        return _representation(value, selection)
    return value


def merge_into(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        existing = target.get(key)
        if existing is None:
            target[key] = value
        elif isinstance(value, dict) and isinstance(existing, dict):
            merge_into(existing, value)
        elif isinstance(value, list) and isinstance(existing, list) and len(value) == len(existing):
            for index, (old, new) in enumerate(zip(existing, value, strict=True)):
                if isinstance(old, dict) and isinstance(new, dict):
                    merge_into(old, new)
                elif new is not None:
                    existing[index] = new
        elif value is not None:
            target[key] = value
