"""The selection a fetch sends to one subgraph, built up field by field and printed once."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    ListValueNode,
    ObjectValueNode,
    ValueNode,
    VariableNode,
    print_ast,
)


@dataclass(eq=False)
class SubField:
    key: str
    name: str
    arguments: tuple[ArgumentNode, ...] = ()
    selection: SubSelection | None = None


@dataclass(eq=False)
class SubSelection:
    fields: dict[str, SubField] = field(default_factory=dict)
    fragments: dict[str, SubSelection] = field(default_factory=dict)

    def add(
        self, key: str, name: str, arguments: tuple[ArgumentNode, ...] = (), *, composite: bool
    ) -> SubField:
        found = self.fields.get(key)
        if found is None:
            found = self.fields[key] = SubField(
                key, name, arguments, SubSelection() if composite else None
            )
        return found

    def fragment(self, type_name: str) -> SubSelection:
        found = self.fragments.get(type_name)
        if found is None:
            found = self.fragments[type_name] = SubSelection()
        return found

    def is_empty(self) -> bool:
        return not self.fields and all(f.is_empty() for f in self.fragments.values())

    def print(self) -> str:
        parts = []
        for sub in self.fields.values():
            text = sub.name if sub.key == sub.name else f"{sub.key}: {sub.name}"
            if sub.arguments:
                text += "(" + ", ".join(print_ast(a) for a in sub.arguments) + ")"
            if sub.selection is not None:
                text += " " + sub.selection.print()
            parts.append(text)
        for type_name, fragment in self.fragments.items():
            if not fragment.is_empty():
                parts.append(f"... on {type_name} {fragment.print()}")
        return "{ " + " ".join(parts) + " }"


def variables_in(arguments: tuple[ArgumentNode, ...]) -> set[str]:
    found: set[str] = set()

    def walk(value: ValueNode) -> None:
        if isinstance(value, VariableNode):
            found.add(value.name.value)
        elif isinstance(value, ListValueNode):
            for item in value.values:
                walk(item)
        elif isinstance(value, ObjectValueNode):
            for object_field in value.fields:
                walk(object_field.value)

    for argument in arguments:
        walk(argument.value)
    return found
