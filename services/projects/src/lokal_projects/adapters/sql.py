"""SQL building blocks the repositories share: keyset pages, text search, staff scopes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, false, literal, or_, select, tuple_

from lokal_kit.errors import InvalidInput
from lokal_kit.sqlfilters import one_of
from lokal_projects.adapters.tables import municipality_contacts
from lokal_projects.domain.queries import Audience


def after_key(
    after: tuple[Any, ...] | None, parse: Sequence[Callable[[Any], Any]]
) -> tuple[Any, ...] | None:
    """The typed sort key of a cursor, or a clear error when it is not one we handed out."""
    if after is None:
        return None
    if len(after) != len(parse):
        raise InvalidInput("the cursor is not one this API handed out", field="after")
    try:
        return tuple(convert(value) for convert, value in zip(parse, after, strict=True))
    except (TypeError, ValueError):
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None


def beyond(columns: Sequence[Any], key: tuple[Any, ...]) -> ColumnElement[bool]:
    """Rows after `key` in the ascending order of `columns` (values typed like the columns)."""
    values = [literal(value, column.type) for column, value in zip(columns, key, strict=True)]
    return tuple_(*columns) > tuple_(*values)


def text_contains(columns: Sequence[Any], words: str) -> ColumnElement[bool]:
    """Case-insensitive substring match on any of the columns; LIKE wildcards are literal."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def staff_scope(audience: Audience, municipality_column: Any) -> ColumnElement[bool]:
    """Rows of the Kommunen the audience works for, by token claim or as contact person."""
    conditions: list[ColumnElement[bool]] = []
    if audience.municipality_ids:
        conditions.append(one_of(municipality_column, audience.municipality_ids))
    if audience.person_id is not None:
        conditions.append(
            municipality_column.in_(
                select(municipality_contacts.c.municipality_id).where(
                    municipality_contacts.c.person_id == audience.person_id
                )
            )
        )
    return or_(*conditions) if conditions else false()


def uuid_of(value: Any) -> UUID:
    return UUID(str(value))


def instant(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("naive instant")
    return parsed
