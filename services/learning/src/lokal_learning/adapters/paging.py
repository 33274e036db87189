"""Keyset paging over (sort column, id), the cursors of `lokal_kit.graphql.pagination`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.pagination import PageRequest


def paged(
    statement: Select[Any],
    page: PageRequest,
    sort: ColumnElement[Any],
    id_column: ColumnElement[Any],
    parse: Callable[[str], Any],
) -> Select[Any]:
    """`statement` ordered by (sort, id), after the page's cursor, one row more than asked."""
    if page.after is not None:
        try:
            sort_value, id_value = page.after
            after = (parse(str(sort_value)), UUID(str(id_value)))
        except (ValueError, TypeError):
            raise InvalidInput("the cursor is not one this API handed out", field="after") from None
        statement = statement.where(tuple_(sort, id_column) > tuple_(*after))
    return statement.order_by(sort, id_column).limit(page.fetch)
