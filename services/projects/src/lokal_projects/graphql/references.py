"""Entities other subgraphs own, referenced here by id only (stubs)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from lokal_kit.errors import InvalidInput
from lokal_projects.graphql.context import Info
from lokal_projects.graphql.ids import uuid_arg
from lokal_projects.service.personal_data import require_own_or_programme


@strawberry.federation.type(keys=["id"], description="A person; the people service owns them.")
class Person:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return cls(id=id)


@strawberry.federation.type(
    keys=["id"], description="A competence of the catalogue (ESCO URI); people owns it."
)
class Competence:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Competence:
        return cls(id=id)


@strawberry.federation.type(
    keys=["personId"],
    description="The DSGVO export of one person; people owns it, each service adds its part.",
)
class PersonalDataExport:
    person_id: strawberry.ID
    projects: JSON = strawberry.field(
        description="What the projects service holds on the person: the Kommunen they are "
        "contact of, applications and projects naming them Projektpat*in, team memberships."
    )

    @classmethod
    async def resolve_reference(cls, info: Info, **representation: Any) -> PersonalDataExport:
        raw = representation.get("personId")
        if not isinstance(raw, str):
            raise InvalidInput("personId is required", field="personId")
        person_id = uuid_arg(raw, "personId")
        require_own_or_programme(info.context.principal, person_id)
        document = await info.context.loaders.exports.load(person_id)
        return cls(person_id=strawberry.ID(str(person_id)), projects=document)
