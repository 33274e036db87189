"""Naming the field of a nested value in an error, e.g. `profile.competences[2].level`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lokal_kit.errors import InvalidInput


@contextmanager
def within(prefix: str) -> Iterator[None]:
    try:
        yield
    except InvalidInput as error:
        field = error.details.get("field")
        error.details["field"] = f"{prefix}.{field}" if field else prefix
        raise
