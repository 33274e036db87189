"""Small helpers the repositories share."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import InvalidInput


def upsert(session: AsyncSession, table: Table) -> Any:
    """INSERT … ON CONFLICT for the dialect at hand (both have the same API)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def like_escape(text: str) -> str:
    """Match `text` literally in a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def timestamp_cursor(after: tuple[Any, ...]) -> tuple[datetime, UUID]:
    """The (instant, id) key a newest-first page continues after."""
    try:
        at, last = after
        return datetime.fromisoformat(str(at)), UUID(str(last))
    except ValueError:
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None
