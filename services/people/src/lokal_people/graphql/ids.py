"""Reading ids from the API."""

from __future__ import annotations

from uuid import UUID

from lokal_kit.errors import InvalidInput


def uuid_of(value: str, field: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{value!r} is not an id (a UUID)", field=field) from None
