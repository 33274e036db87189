"""The projects service on a real PostgreSQL database, and a scenario to build test worlds with."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from graphql import ExecutionResult
from sqlalchemy import select

from lokal_contracts.matching import PlacementConfirmed
from lokal_kit.auth import ANONYMOUS, Principal, Role
from lokal_kit.migrations import upgrade
from lokal_kit.service import Service
from lokal_kit.settings import Environment
from lokal_kit.testing.database import empty_tables
from lokal_kit.testing.events import envelopes
from lokal_kit.testing.plugin import DatabaseFactory
from lokal_projects.adapters.tables import messaging, metadata
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.bootstrap import bootstrap
from lokal_projects.domain.details import Requirement
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import Project, ProjectStatus
from lokal_projects.domain.values import MunicipalityKind, Topic, WorkMode
from lokal_projects.service import applications, municipalities, projects, team
from lokal_projects.service.commands import (
    ApplyForProgramme,
    DraftProject,
    RegisterMunicipality,
)
from lokal_projects.settings import ProjectsSettings

ESCO = "http://data.europa.eu/esco/skill/"
PROJECT_MANAGEMENT = ESCO + "cd5efa8c-e44d-4cbc-91c6-796018dbed68"
DATA_ANALYSIS = ESCO + "2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"
PROCESS_MODELLING = ESCO + "98301d4a-2cc3-439d-8d7f-0b6ac76302bb"

PROGRAMME = Principal(person_id=uuid4(), roles=frozenset({Role.PROGRAMME}))
MAKER = Principal(person_id=uuid4(), roles=frozenset({Role.MAKER}))


def staff_of(municipality_id: UUID, person_id: UUID | None = None) -> Principal:
    """A person whose token says they work for the Kommune."""
    return Principal(
        person_id=person_id or uuid4(),
        roles=frozenset({Role.MUNICIPALITY}),
        municipality_ids=frozenset({municipality_id}),
    )


@pytest.fixture(scope="session")
async def projects_service(postgres_databases: DatabaseFactory) -> AsyncIterator[Service]:
    url = await postgres_databases("projects")
    service = bootstrap(ProjectsSettings(database_url=url, environment=Environment.TEST))
    await upgrade(service.database, service.migrations)
    yield service
    await service.database.dispose()


@pytest.fixture
async def service(projects_service: Service) -> AsyncIterator[Service]:
    yield projects_service
    await empty_tables(projects_service.database, metadata)


class Scenario:
    """Builds municipalities and projects through the real use cases."""

    programme = PROGRAMME
    maker = MAKER
    anonymous = ANONYMOUS
    staff_of = staticmethod(staff_of)

    def __init__(self, service: Service) -> None:
        self.service = service
        self._counter = 0

    def uow(self) -> ProjectsUnitOfWork:
        uow = self.service.uow_factory()
        assert isinstance(uow, ProjectsUnitOfWork)
        return uow

    async def gql(
        self, query: str, principal: Principal = ANONYMOUS, **variables: Any
    ) -> ExecutionResult:
        return await self.service.schema.execute(
            query,
            variable_values=variables,
            context_value=self.service.context_factory(principal),
        )

    async def municipality(
        self,
        *,
        accepted: bool = True,
        ags: str | None = None,
        name: str | None = None,
        registrar: Principal | None = None,
    ) -> tuple[Municipality, Principal]:
        """A registered Kommune (accepted for the pilot) and a staff member by token."""
        self._counter += 1
        municipality_id = uuid4()
        staff = registrar or staff_of(municipality_id)
        found = await municipalities.register_municipality(
            self.uow(),
            staff,
            RegisterMunicipality(
                ags=ags or f"0663{self._counter:04d}",
                name=name or f"Kommune {self._counter}",
                kind=MunicipalityKind.CITY,
                population=10_000,
                municipality_id=municipality_id,
            ),
        )
        if accepted:
            application = await applications.apply_for_programme(
                self.uow(),
                staff,
                ApplyForProgramme(
                    municipality_id=found.id,
                    round="PILOT",
                    motivation="Wir wollen digitaler werden.",
                    problem="Papierakten.",
                ),
            )
            await applications.start_review(self.uow(), PROGRAMME, application.id)
            await applications.decide(
                self.uow(), PROGRAMME, application.id, accept=True, reason="passt"
            )
        return found, staff

    def draft(self, municipality_id: UUID, **overrides: Any) -> DraftProject:
        values: dict[str, Any] = {
            "municipality_id": municipality_id,
            "title": "Digitale Antragsstrecken",
            "goal": "Die häufigsten Anträge digital anbieten.",
            "topic": Topic.DIGITALISATION,
            "requirements": (
                Requirement(PROJECT_MANAGEMENT, 3, True),
                Requirement(DATA_ANALYSIS, 2, False),
            ),
            "seats": ("E11", "E13"),
            "duration_months": 9,
            "planned_start": date(2027, 3, 1),
            "work_mode": WorkMode.ON_SITE,
            "mentor_id": uuid4(),
        }
        values.update(overrides)
        return DraftProject(**values)

    async def project(
        self,
        municipality: Municipality,
        staff: Principal,
        status: ProjectStatus = ProjectStatus.DRAFT,
        **overrides: Any,
    ) -> Project:
        """A project moved on to `status` (up to published) through the use cases."""
        project = await projects.draft_project(
            self.uow(), staff, self.draft(municipality.id, **overrides)
        )
        if status in (ProjectStatus.SUBMITTED, ProjectStatus.PUBLISHED):
            project = await projects.submit_project(self.uow(), staff, project.id)
        if status is ProjectStatus.PUBLISHED:
            project = await projects.publish_project(self.uow(), PROGRAMME, project.id)
        return project

    async def staff_fully(self, project: Project) -> list[UUID]:
        """Confirm a maker on every seat, as matching's confirmations would; their ids."""
        makers = []
        for seat, pay_group in enumerate(project.details.seats):
            event = PlacementConfirmed(
                version=3,
                placement_id=uuid4(),
                project_id=project.id,
                person_id=uuid4(),
                municipality_id=project.municipality_id,
                mentor_id=project.details.mentor_id,
                seat_index=seat,
                team_size=project.details.team_size,
                starts_on=project.details.planned_start,
                ends_on=date(2028, 1, 31),
                pay_group=pay_group,
                step=2,
            )
            async with self.uow() as uow:
                await team.placement_confirmed(event, envelopes([event])[0], uow)
                await uow.commit()
            makers.append(event.person_id)
        return makers

    async def reload(self, project_id: UUID) -> Project:
        async with self.uow() as uow:
            found = await uow.projects.get(project_id)
        assert found is not None
        return found

    async def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """The outbox's envelopes, oldest first."""
        outbox = messaging.outbox
        statement = select(outbox.c.envelope).order_by(outbox.c.position)
        if event_type is not None:
            statement = statement.where(outbox.c.event_type == event_type)
        async with self.service.database.session() as session:
            rows = (await session.execute(statement)).scalars().all()
        return [json.loads(row) for row in rows]

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: equal snapshots mean nothing changed."""
        tables: dict[str, list[tuple[Any, ...]]] = {}
        async with self.service.database.session() as session:
            for table in metadata.sorted_tables:
                rows = (await session.execute(select(table))).all()
                tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
        return tables


@pytest.fixture
def scenario(service: Service) -> Scenario:
    return Scenario(service)
