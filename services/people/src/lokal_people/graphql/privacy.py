"""DSGVO: the personal-data export (an entity each subgraph adds its part to) and erasures."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from lokal_kit.graphql.fields import field
from lokal_people.domain.erasure import ErasureRequest as ErasureRecord
from lokal_people.graphql.context import PeopleInfo
from lokal_people.graphql.ids import uuid_of
from lokal_people.service import export
from lokal_people.service.access import require_self_or_programme


@strawberry.federation.type(
    keys=["personId"],
    description="Everything the platform holds on a person; each service adds its part.",
)
class PersonalDataExport:
    person_id: strawberry.ID
    generated_at: datetime

    @classmethod
    def for_person(cls, info: PeopleInfo, person_id: strawberry.ID) -> PersonalDataExport:
        require_self_or_programme(info.context.principal, uuid_of(person_id, "personId"))
        return cls(person_id=person_id, generated_at=info.context.now)

    @classmethod
    def resolve_reference(cls, info: PeopleInfo, **representation: Any) -> PersonalDataExport:
        return cls.for_person(info, strawberry.ID(str(representation.get("personId", ""))))

    @field("What the people service holds: person, profile, application.")
    async def people(self, info: PeopleInfo) -> JSON:
        person_id = uuid_of(self.person_id, "personId")
        document = await export.export_person(info.context.uow(), info.context.principal, person_id)
        return cast(JSON, document)


@strawberry.type
class ErasureConfirmation:
    service: str
    confirmed_at: datetime


@strawberry.type(description="An erasure and which services have confirmed their part.")
class ErasureRequest:
    id: strawberry.ID
    person_id: strawberry.ID
    requested_at: datetime
    participants: list[str]
    pending_services: list[str]
    completed_services: list[ErasureConfirmation]
    done: bool
    completed_at: datetime | None

    @classmethod
    def of(cls, erasure: ErasureRecord) -> ErasureRequest:
        return cls(
            id=strawberry.ID(str(erasure.id)),
            person_id=strawberry.ID(str(erasure.person_id)),
            requested_at=erasure.requested_at,
            participants=list(erasure.participants),
            pending_services=list(erasure.pending),
            completed_services=[
                ErasureConfirmation(service=service, confirmed_at=at)
                for service, at in erasure.confirmations.items()
            ],
            done=erasure.done,
            completed_at=erasure.completed_at,
        )
