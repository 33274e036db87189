"""What federation directives say about a subgraph's types and fields."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Key:
    fields: str
    resolvable: bool = True


@dataclass
class FieldMeta:
    external: bool = False
    requires: str | None = None
    provides: str | None = None
    shareable: bool = False
    inaccessible: bool = False
    override: str | None = None
    override_label: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class TypeMeta:
    keys: list[Key] = field(default_factory=list)
    shareable: bool = False
    inaccessible: bool = False
    extension: bool = False
    interface_object: bool = False
    tags: list[str] = field(default_factory=list)
    fields: dict[str, FieldMeta] = field(default_factory=dict)
    enum_values_inaccessible: set[str] = field(default_factory=set)
