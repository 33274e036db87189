"""No N+1: the SQL statements of a page do not grow with its size (10 and 100 items)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import pytest

from lokal_kit.testing.database import counted_statements
from lokal_projects.domain.application import ApplicationStatus, MunicipalityApplication
from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.municipality import Municipality, MunicipalityProfile
from lokal_projects.domain.project import Project, TeamMember
from lokal_projects.domain.values import Ags, MunicipalityKind, Topic, WorkMode

if TYPE_CHECKING:
    from conftest import Scenario

NOW = datetime(2026, 6, 1, tzinfo=UTC)
COUNT = 110

PROJECTS = """
query ($first: Int!) {
  projects(first: $first) {
    totalCount
    edges { cursor node {
      id title status teamSize openSeats
      municipality { name ags state acceptedRounds contacts { id } }
      requirements { competence { id } minLevel mustHave }
      seats { payGroup filled member { id } }
      mentor { id }
    } }
  }
}
"""
MUNICIPALITIES = """
query ($first: Int!) {
  municipalities(first: $first) {
    nodes { name state acceptedRounds contacts { id } applications { round status } }
  }
}
"""
ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Project { title municipality { name } requirements { minLevel } mentor { id } }
    ... on Municipality { name acceptedRounds }
  }
}
"""


async def populate(scenario: Scenario) -> tuple[list[UUID], list[UUID]]:
    """COUNT accepted Kommunen, each with one published project with a confirmed maker."""
    municipality_ids, project_ids = [], []
    async with scenario.uow() as uow:
        for i in range(COUNT):
            municipality = Municipality.register(
                id=uuid4(),
                ags=Ags(f"{i % 16 + 1:02d}{i:06d}"),
                profile=MunicipalityProfile(name=f"Kommune {i:03d}", kind=MunicipalityKind.CITY),
                registered_by=uuid4(),
                now=NOW,
            )
            await uow.municipalities.add(municipality)
            application = MunicipalityApplication.submit(
                id=uuid4(),
                municipality_id=municipality.id,
                round="PILOT",
                motivation="m",
                problem="p",
                mentor_id=uuid4(),
                now=NOW,
            )
            application.status = ApplicationStatus.ACCEPTED
            await uow.applications.add(application)
            project = Project.draft(
                id=uuid4(), municipality_id=municipality.id, details=_details(i), now=NOW
            )
            project.submit(NOW)
            project.publish(municipality_accepted=True, now=NOW)
            project.fill_seat(
                TeamMember(uuid4(), 0, uuid4(), date(2027, 1, 1), date(2027, 12, 31)), NOW
            )
            await uow.projects.add(project)
            municipality_ids.append(municipality.id)
            project_ids.append(project.id)
        await uow.commit()
    return municipality_ids, project_ids


def _details(i: int) -> ProjectDetails:
    return replace(
        ProjectDetails(
            title=f"Projekt {i:03d}",
            goal="Verwaltung modernisieren.",
            description="",
            topic=Topic.DIGITALISATION,
            requirements=(
                Requirement(f"http://data.europa.eu/esco/skill/a{i}", 3, True),
                Requirement(f"http://data.europa.eu/esco/skill/b{i}", 2, False),
            ),
            seats=("E11", "E12"),
            duration_months=9,
            planned_start=date(2027, 1, 1),
            work_mode=WorkMode.HYBRID,
        ),
        mentor_id=uuid4(),
    )


async def statements(scenario: Scenario, query: str, **variables: Any) -> int:
    with counted_statements(scenario.service.database) as seen:
        result = await scenario.gql(query, scenario.programme, **variables)
    assert result.errors is None, result.errors
    return len(seen)


@pytest.fixture
async def populated(scenario: Scenario) -> tuple[list[UUID], list[UUID]]:
    return await populate(scenario)


async def test_a_page_of_projects_with_their_municipalities(
    scenario: Scenario, populated: tuple[list[UUID], list[UUID]]
) -> None:
    small = await statements(scenario, PROJECTS, first=10)
    large = await statements(scenario, PROJECTS, first=100)
    assert small == large, f"10 projects took {small} statements, 100 took {large}"
    page = await scenario.gql(PROJECTS, scenario.programme, first=100)
    assert len(page.data["projects"]["edges"]) == 100
    assert page.data["projects"]["totalCount"] == COUNT
    node = page.data["projects"]["edges"][0]["node"]
    assert node["municipality"]["acceptedRounds"] == ["PILOT"]
    assert node["openSeats"] == 1


async def test_a_page_of_municipalities_with_their_applications(
    scenario: Scenario, populated: tuple[list[UUID], list[UUID]]
) -> None:
    small = await statements(scenario, MUNICIPALITIES, first=10)
    large = await statements(scenario, MUNICIPALITIES, first=100)
    assert small == large, f"10 municipalities took {small} statements, 100 took {large}"


async def test_entity_batches_take_as_many_statements_whatever_their_size(
    scenario: Scenario, populated: tuple[list[UUID], list[UUID]]
) -> None:
    municipality_ids, project_ids = populated

    def representations(n: int) -> list[dict[str, str]]:
        return [{"__typename": "Project", "id": str(p)} for p in project_ids[:n]] + [
            {"__typename": "Municipality", "id": str(m)} for m in municipality_ids[:n]
        ]

    small = await statements(scenario, ENTITIES, representations=representations(10))
    large = await statements(scenario, ENTITIES, representations=representations(100))
    assert small == large, f"10 entities took {small} statements, 100 took {large}"
