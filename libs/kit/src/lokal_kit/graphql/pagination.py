"""Relay cursor connections with keyset cursors, and the page-size cap."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry

from lokal_kit.errors import InvalidInput

T = TypeVar("T")


# Every subgraph defines the same PageInfo, so the supergraph must be told it may.
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        default=None, description="How many items match, over all pages."
    )

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True)
class PageRequest:
    """How many items to fetch (one more than asked, to know whether a next page exists)."""

    first: int
    after: tuple[Any, ...] | None

    @property
    def fetch(self) -> int:
        return self.first + 1


def encode_cursor(key: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), default=str).encode()).decode()


def decode_cursor(cursor: str) -> tuple[Any, ...]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the cursor is not one this API handed out", field="after") from None
    if not isinstance(value, list):
        raise InvalidInput("the cursor is not one this API handed out", field="after")
    return tuple(value)


def page_request(
    first: int | None, after: str | None, *, default: int = 20, cap: int = 100
) -> PageRequest:
    size = default if first is None else first
    if size < 1 or size > cap:
        raise InvalidInput(f"first must be between 1 and {cap}", field="first", max=cap)
    return PageRequest(first=size, after=decode_cursor(after) if after else None)


def connection(
    items: list[T], page: PageRequest, key: Any, total_count: int | None = None
) -> Connection[T]:
    """Build a connection from `page.fetch` items; `key(item)` gives the cursor's sort key."""
    visible = items[: page.first]
    edges = [Edge(cursor=encode_cursor(tuple(key(item))), node=item) for item in visible]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(items) > page.first,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total_count,
    )
