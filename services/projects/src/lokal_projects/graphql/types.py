"""The Municipality entity, a Kommune's programme application, and the parts of a project."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from lokal_kit.errors import Forbidden, NotFound
from lokal_kit.graphql.fields import field
from lokal_projects.domain.application import MunicipalityApplication as ApplicationModel
from lokal_projects.domain.municipality import Municipality as MunicipalityModel
from lokal_projects.graphql.context import Info
from lokal_projects.graphql.enums import (
    MunicipalityApplicationStatus,
    MunicipalityKind,
)
from lokal_projects.graphql.ids import gid, uuid_arg
from lokal_projects.graphql.references import Competence, Person
from lokal_projects.service import access
from lokal_projects.service.applications import accepted_rounds


@strawberry.federation.type(keys=["id"], description="A Kommune, identified by its AGS.")
class Municipality:
    model: strawberry.Private[MunicipalityModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return gid(self.model.id)

    @field("Amtlicher Gemeindeschlüssel, 8 digits.")
    def ags(self) -> str:
        return self.model.ags.value

    @strawberry.field
    def name(self) -> str:
        return self.model.profile.name

    @strawberry.field
    def kind(self) -> MunicipalityKind:
        return self.model.profile.kind

    @field("The Bundesland, derived from the AGS (e.g. Hessen).")
    def state(self) -> str:
        return self.model.state.name

    @field("The Land code, the AGS's first two digits (01–16).")
    def state_code(self) -> str:
        return self.model.state.code

    @strawberry.field
    def population(self) -> int | None:
        return self.model.profile.population

    @strawberry.field
    def address(self) -> str | None:
        return self.model.profile.address

    @strawberry.field
    def website(self) -> str | None:
        return self.model.profile.website

    @strawberry.field
    def registered_at(self) -> datetime:
        return self.model.registered_at

    @strawberry.field
    def version(self) -> int:
        return self.model.version

    @field("Contact persons; for the Kommune's staff and the programme.")
    def contacts(self, info: Info) -> list[Person]:
        if not access.is_staff_or_programme(info.context.principal, self.model):
            raise Forbidden("contact persons are visible to the Kommune and the programme team")
        return [Person(id=gid(p)) for p in self.model.contact_ids]

    @field("Programme rounds the Kommune was accepted for (e.g. PILOT).")
    async def accepted_rounds(self, info: Info) -> list[str]:
        return accepted_rounds(await info.context.loaders.applications_of.load(self.model.id))

    @field("Its programme applications; for its staff and the programme.")
    async def applications(self, info: Info) -> list[MunicipalityApplication]:
        if not access.is_staff_or_programme(info.context.principal, self.model):
            raise Forbidden("applications are visible to the Kommune and the programme team")
        found = await info.context.loaders.applications_of.load(self.model.id)
        return [MunicipalityApplication(model=a) for a in found]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Municipality | None:
        found = await info.context.loaders.municipalities.load(uuid_arg(id, "id"))
        return None if found is None else cls(model=found)


async def municipality_of(info: Info, municipality_id: UUID) -> Municipality:
    found = await info.context.loaders.municipalities.load(municipality_id)
    if found is None:  # municipalities are never deleted; a dangling id is a bug
        raise NotFound("the municipality is gone", municipalityId=str(municipality_id))
    return Municipality(model=found)


@strawberry.type(description="A Kommune's application to a programme round.")
class MunicipalityApplication:
    model: strawberry.Private[ApplicationModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return gid(self.model.id)

    @strawberry.field
    async def municipality(self, info: Info) -> Municipality:
        return await municipality_of(info, self.model.municipality_id)

    @field("The programme round, e.g. PILOT.")
    def round(self) -> str:
        return self.model.round

    @strawberry.field
    def motivation(self) -> str:
        return self.model.motivation

    @field("The problem the Kommune wants solved.")
    def problem(self) -> str:
        return self.model.problem

    @field("The Projektpat*in the Kommune names from its staff.")
    def mentor(self) -> Person | None:
        return None if self.model.mentor_id is None else Person(id=gid(self.model.mentor_id))

    @strawberry.field
    def status(self) -> MunicipalityApplicationStatus:
        return self.model.status

    @field("Why the programme team decided as it did.")
    def decision_reason(self) -> str | None:
        return self.model.decision_reason

    @strawberry.field
    def submitted_at(self) -> datetime:
        return self.model.submitted_at

    @strawberry.field
    def decided_at(self) -> datetime | None:
        return self.model.decided_at

    @strawberry.field
    def version(self) -> int:
        return self.model.version


@strawberry.type(description="A competence the team needs, at a minimum level (1–4).")
class ProjectRequirement:
    competence: Competence
    min_level: int
    must_have: bool


@strawberry.type(description="A seat of the team: the TVöD pay group offered and who holds it.")
class ProjectSeat:
    index: int
    pay_group: str
    filled: bool
    person_id: strawberry.Private[UUID | None]
    people_visible: strawberry.Private[bool]

    @field("The maker on the seat; for the Kommune, programme and team.")
    def member(self) -> Person | None:
        if self.person_id is None:
            return None
        if not self.people_visible:
            raise Forbidden("the team is visible to the Kommune, the programme team and itself")
        return Person(id=gid(self.person_id))
