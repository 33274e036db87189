"""GraphQL ids are UUID strings; a malformed one is the client's mistake."""

from __future__ import annotations

from uuid import UUID

import strawberry

from lokal_kit.errors import InvalidInput


def uuid_arg(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"{field} must be a UUID, got {value!r}", field=field) from None


def optional_uuid(value: str | None, field: str) -> UUID | None:
    return None if value is None else uuid_arg(value, field)


def gid(value: UUID) -> strawberry.ID:
    return strawberry.ID(str(value))
