"""`crew`: persons, and the staff of a municipality (the miniature of the people service)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry
from strawberry.federation import Schema
from strawberry.types import Info

from lokal_gateway.testing.data import HIDDEN_PERSON_ID, PEOPLE_ROWS, PERSON_BY_ID, PersonRow
from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, NotFound
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings


def _email(root: Person, info: Info) -> str | None:
    principal: Principal = info.context["principal"]
    if principal.is_programme or principal.is_person(UUID(root.id)):
        return root.email_address
    raise Forbidden("only the person themself may see their e-mail address")


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    name: str
    skills: list[str]
    email_address: strawberry.Private[str]
    email: str | None = strawberry.field(
        resolver=_email,
        description="Only the person themself and the programme team see it.",
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        if id == HIDDEN_PERSON_ID:
            raise Forbidden("this person's record is not visible to you")
        row = PERSON_BY_ID.get(id)
        if row is None:
            raise NotFound(f"no person {id}")
        return person(row)


def person(row: PersonRow) -> Person:
    return Person(
        id=strawberry.ID(row.id), name=row.name, skills=list(row.skills), email_address=row.email
    )


@strawberry.federation.type(keys=["id"])
class Municipality:
    id: strawberry.ID

    @strawberry.field
    def staff(self) -> list[Person]:
        number = int(self.id.replace("-", ""), 16) % len(PEOPLE_ROWS)
        return [person(PEOPLE_ROWS[(number + k) % len(PEOPLE_ROWS)]) for k in range(2)]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Municipality:
        return Municipality(id=id)


@strawberry.type
class Query:
    @strawberry.field
    def people(self, first: int = 10) -> list[Person]:
        return [person(row) for row in PEOPLE_ROWS[:first] if row.id != HIDDEN_PERSON_ID]

    @strawberry.field
    def person(self, id: strawberry.ID) -> Person | None:
        row = PERSON_BY_ID.get(id)
        return person(row) if row else None


def schema() -> Schema:
    return subgraph_schema(query=Query, types=[Municipality], settings=ServiceSettings())


def context(principal: Any) -> dict[str, Any]:
    return {"principal": principal}
