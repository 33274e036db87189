"""Every command of the service; each returns the changed object or a typed error."""

from __future__ import annotations

from datetime import date

import strawberry

from lokal_kit.graphql.fields import mutation
from lokal_projects.graphql.context import Info
from lokal_projects.graphql.enums import MunicipalityApplicationDecision
from lokal_projects.graphql.ids import uuid_arg
from lokal_projects.graphql.inputs import (
    ApplyForProgrammeInput,
    CreateProjectInput,
    RegisterMunicipalityInput,
    UpdateMunicipalityInput,
    UpdateProjectInput,
)
from lokal_projects.graphql.project import Project
from lokal_projects.graphql.types import Municipality, MunicipalityApplication
from lokal_projects.service import applications, municipalities, projects


@strawberry.type
class Mutation:
    @mutation(
        "Register a Kommune (municipality staff or programme team); you become "
        "one of its contact persons."
    )
    async def register_municipality(
        self, info: Info, input: RegisterMunicipalityInput
    ) -> Municipality:
        c = info.context
        found = await municipalities.register_municipality(c.uow(), c.principal, input.command())
        return Municipality(model=found)

    @mutation("Describe the Kommune anew (its staff, the programme team).")
    async def update_municipality(
        self, info: Info, id: strawberry.ID, input: UpdateMunicipalityInput
    ) -> Municipality:
        c = info.context
        found = await municipalities.revise_municipality(
            c.uow(), c.principal, uuid_arg(id, "id"), input.command()
        )
        return Municipality(model=found)

    @mutation("Add a contact person to the Kommune.")
    async def add_municipality_contact(
        self, info: Info, municipality_id: strawberry.ID, person_id: strawberry.ID
    ) -> Municipality:
        c = info.context
        found = await municipalities.add_contact(
            c.uow(),
            c.principal,
            uuid_arg(municipality_id, "municipalityId"),
            uuid_arg(person_id, "personId"),
        )
        return Municipality(model=found)

    @mutation("Remove a contact person from the Kommune.")
    async def remove_municipality_contact(
        self, info: Info, municipality_id: strawberry.ID, person_id: strawberry.ID
    ) -> Municipality:
        c = info.context
        found = await municipalities.remove_contact(
            c.uow(),
            c.principal,
            uuid_arg(municipality_id, "municipalityId"),
            uuid_arg(person_id, "personId"),
        )
        return Municipality(model=found)

    @mutation("The Kommune applies to a programme round (its staff).")
    async def apply_for_programme(
        self, info: Info, input: ApplyForProgrammeInput
    ) -> MunicipalityApplication:
        c = info.context
        found = await applications.apply_for_programme(c.uow(), c.principal, input.command())
        return MunicipalityApplication(model=found)

    @mutation("Take a submitted application into review (programme).")
    async def review_municipality_application(
        self, info: Info, id: strawberry.ID
    ) -> MunicipalityApplication:
        c = info.context
        found = await applications.start_review(c.uow(), c.principal, uuid_arg(id, "id"))
        return MunicipalityApplication(model=found)

    @mutation("Accept or reject an application in review, with a reason.")
    async def decide_municipality_application(
        self,
        info: Info,
        id: strawberry.ID,
        decision: MunicipalityApplicationDecision,
        reason: str,
    ) -> MunicipalityApplication:
        c = info.context
        found = await applications.decide(
            c.uow(),
            c.principal,
            uuid_arg(id, "id"),
            accept=decision is MunicipalityApplicationDecision.ACCEPTED,
            reason=reason,
        )
        return MunicipalityApplication(model=found)

    @mutation("Withdraw an open application (the Kommune's staff).")
    async def withdraw_municipality_application(
        self, info: Info, id: strawberry.ID
    ) -> MunicipalityApplication:
        c = info.context
        found = await applications.withdraw(c.uow(), c.principal, uuid_arg(id, "id"))
        return MunicipalityApplication(model=found)

    @mutation("Draft a project for a Kommune (its staff, the programme).")
    async def create_project(self, info: Info, input: CreateProjectInput) -> Project:
        c = info.context
        found = await projects.draft_project(c.uow(), c.principal, input.command())
        return Project(model=found)

    @mutation("Change a draft, submitted or published project.")
    async def update_project(
        self, info: Info, id: strawberry.ID, input: UpdateProjectInput
    ) -> Project:
        c = info.context
        found = await projects.edit_project(
            c.uow(), c.principal, uuid_arg(id, "id"), input.command()
        )
        return Project(model=found)

    @mutation("Submit a draft to the programme team (the Kommune).")
    async def submit_project(self, info: Info, id: strawberry.ID) -> Project:
        c = info.context
        return Project(
            model=await projects.submit_project(c.uow(), c.principal, uuid_arg(id, "id"))
        )

    @mutation(
        "Publish a submitted project (programme team); the Kommune must have an "
        "accepted programme application."
    )
    async def publish_project(self, info: Info, id: strawberry.ID) -> Project:
        c = info.context
        found = await projects.publish_project(c.uow(), c.principal, uuid_arg(id, "id"))
        return Project(model=found)

    @mutation("Start a staffed project (default: today).")
    async def start_project(
        self, info: Info, id: strawberry.ID, started_on: date | None = None
    ) -> Project:
        c = info.context
        found = await projects.start_project(c.uow(), c.principal, uuid_arg(id, "id"), started_on)
        return Project(model=found)

    @mutation("Complete a running project (default: today).")
    async def complete_project(
        self, info: Info, id: strawberry.ID, completed_on: date | None = None
    ) -> Project:
        c = info.context
        found = await projects.complete_project(
            c.uow(), c.principal, uuid_arg(id, "id"), completed_on
        )
        return Project(model=found)

    @mutation("Cancel a project that is not completed.")
    async def cancel_project(self, info: Info, id: strawberry.ID) -> Project:
        c = info.context
        found = await projects.cancel_project(c.uow(), c.principal, uuid_arg(id, "id"))
        return Project(model=found)
