"""The Project entity."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from lokal_kit.errors import Forbidden
from lokal_kit.graphql.fields import field
from lokal_projects.domain.project import Project as ProjectModel
from lokal_projects.graphql.context import Info
from lokal_projects.graphql.enums import ProjectStatus, ProjectTopic, ProjectWorkMode
from lokal_projects.graphql.ids import gid, uuid_arg
from lokal_projects.graphql.references import Competence, Person
from lokal_projects.graphql.types import (
    Municipality,
    ProjectRequirement,
    ProjectSeat,
    municipality_of,
)
from lokal_projects.service import access


@strawberry.federation.type(keys=["id"], description="A Lokalprojekt of a Kommune.")
class Project:
    model: strawberry.Private[ProjectModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return gid(self.model.id)

    @strawberry.field
    def title(self) -> str:
        return self.model.details.title

    @strawberry.field
    def goal(self) -> str:
        return self.model.details.goal

    @strawberry.field
    def description(self) -> str:
        return self.model.details.description

    @strawberry.field
    def topic(self) -> ProjectTopic:
        return self.model.details.topic

    @strawberry.field
    def status(self) -> ProjectStatus:
        return self.model.status

    @strawberry.field
    async def municipality(self, info: Info) -> Municipality:
        return await municipality_of(info, self.model.municipality_id)

    @field("The competences the team needs (ESCO URIs where they exist).")
    def requirements(self) -> list[ProjectRequirement]:
        return [
            ProjectRequirement(
                competence=Competence(id=strawberry.ID(r.competence_id)),
                min_level=r.min_level,
                must_have=r.must_have,
            )
            for r in self.model.details.requirements
        ]

    @field("How many makers the team has room for (1–6).")
    def team_size(self) -> int:
        return self.model.details.team_size

    @field("One per team member, with the TVöD pay group offered.")
    async def seats(self, info: Info) -> list[ProjectSeat]:
        visible = await self._people_visible(info)
        holders = {m.seat_index: m.person_id for m in self.model.active_members}
        return [
            ProjectSeat(
                index=index,
                pay_group=pay_group,
                filled=index in holders,
                person_id=holders.get(index),
                people_visible=visible,
            )
            for index, pay_group in enumerate(self.model.details.seats)
        ]

    @strawberry.field
    def open_seats(self) -> int:
        return self.model.details.team_size - len(self.model.filled_seats)

    @field("Months, 6 to 12.")
    def duration_months(self) -> int:
        return self.model.details.duration_months

    @strawberry.field
    def planned_start(self) -> date:
        return self.model.details.planned_start

    @field("Place of work: in the Kommune, on site or hybrid.")
    def work_mode(self) -> ProjectWorkMode:
        return self.model.details.work_mode

    @field("The Projektpat*in; for the Kommune, the programme and the team.")
    async def mentor(self, info: Info) -> Person | None:
        mentor_id = self.model.details.mentor_id
        if mentor_id is None:
            return None
        if not await self._people_visible(info):
            raise Forbidden("the Projektpat*in is visible to the Kommune, programme and team")
        return Person(id=gid(mentor_id))

    @field("Grows with every change; events carry it too.")
    def version(self) -> int:
        return self.model.version

    @strawberry.field
    def published_at(self) -> datetime | None:
        return self.model.published_at

    @strawberry.field
    def started_on(self) -> date | None:
        return self.model.started_on

    @strawberry.field
    def completed_on(self) -> date | None:
        return self.model.completed_on

    @strawberry.field
    def cancelled_at(self) -> datetime | None:
        return self.model.cancelled_at

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    async def _people_visible(self, info: Info) -> bool:
        municipality = await municipality_of(info, self.model.municipality_id)
        return access.can_see_people(info.context.principal, self.model, municipality.model)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Project | None:
        return await visible_project(info, id)


async def visible_project(info: Info, raw_id: str) -> Project | None:
    """The project if the caller may see it, None otherwise: the same for queries and entities."""
    project = await info.context.loaders.projects.load(uuid_arg(raw_id, "id"))
    if project is None:
        return None
    municipality = await municipality_of(info, project.municipality_id)
    if not access.can_see_project(info.context.principal, project, municipality.model):
        return None
    return Project(model=project)
