"""Errors a user can cause, each with a stable code the API shows to clients.

Domain and service code raise these; the GraphQL layer turns them into
errors with `extensions.code`. Anything else is unexpected and gets masked.
"""

from __future__ import annotations

from typing import Any, ClassVar


class LokalError(Exception):
    """Base of every error a client is allowed to see."""

    code: ClassVar[str] = "BAD_REQUEST"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.details}


class InvalidInput(LokalError):
    """A value is malformed or out of range; `field` names it."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        if field is not None:
            details["field"] = field
        super().__init__(message, **details)


class NotFound(LokalError):
    code = "NOT_FOUND"


class Unauthenticated(LokalError):
    code = "UNAUTHENTICATED"


class Forbidden(LokalError):
    code = "FORBIDDEN"


class Conflict(LokalError):
    """The request clashes with the current state (duplicate, lost race)."""

    code = "CONFLICT"


class IllegalTransition(LokalError):
    """A lifecycle command that the current state does not allow."""

    code = "ILLEGAL_TRANSITION"

    def __init__(self, entity: str, current: str, command: str, reason: str = "") -> None:
        message = f"cannot {command} a {entity} that is {current}"
        super().__init__(
            f"{message}: {reason}" if reason else message,
            entity=entity,
            state=current,
            command=command,
        )
