"""Response paths as linked pairs while walking results, flattened only for an error."""

from __future__ import annotations

from typing import Any

LinkedPath = tuple[Any, str | int] | None
"""(parent, key) pairs: appending is one tuple, so walking large lists stays cheap."""


def flatten(path: LinkedPath) -> list[str | int]:
    keys: list[str | int] = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    return keys
