"""`column IN (values)` that PostgreSQL sees as one statement whatever the number of values."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType


class OneOf(ColumnElement[bool]):
    """On PostgreSQL `column = ANY(:array)`, elsewhere (SQLite) `column IN (...)`.

    An IN list is a different SQL text for every length, and each text is prepared anew by
    asyncpg once its per-connection cache of statements overflows; one array parameter is
    one text. Both parameters are part of the cache key, the dialect renders one of them.
    """

    inherit_cache = True
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012  (SQLAlchemy's protocol)
        ("column", InternalTraversal.dp_clauseelement),
        ("array", InternalTraversal.dp_clauseelement),
        ("listed", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], values: Iterable[Any]) -> None:
        values = list(values)
        self.column = column
        self.array = bindparam(None, values, type_=_array_of(column.type))
        self.listed = column.in_(values)


@cache
def _array_of(item: TypeEngine[Any]) -> ARRAY[Any]:
    """One array type per column type: a new one would compute its cache key every time."""
    return ARRAY(item)


def one_of(column: ColumnElement[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    return OneOf(column, values)


@compiles(OneOf)
def _listed(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.listed, **kw)


@compiles(OneOf, "postgresql")
def _array(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column == any_(element.array), **kw)
