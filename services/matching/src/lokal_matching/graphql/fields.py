"""A typed way to give a resolver field a description (strawberry's overload returns Any)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def described(description: str) -> Callable[[F], F]:
    return cast(Callable[[F], F], strawberry.field(description=description))
