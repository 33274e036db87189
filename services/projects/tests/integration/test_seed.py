"""The demo data: six real Kommunen, accepted for the pilot, with projects in several states."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth import ANONYMOUS
from lokal_kit.migrations import upgrade
from lokal_projects.bootstrap import bootstrap
from lokal_projects.settings import ProjectsSettings

if TYPE_CHECKING:
    from conftest import Scenario

QUERY = """
{
  projects(first: 100) {
    nodes { title status municipality { name ags state } requirements { competence { id } } }
  }
  municipalities(first: 100) { nodes { id name ags state acceptedRounds } }
}
"""


async def test_the_demo_data_loads_once_with_its_events(scenario: Scenario) -> None:
    await scenario.service.seed()  # type: ignore[misc]
    events = Counter(e["type"] for e in await scenario.events())
    before = await scenario.snapshot()
    await scenario.service.seed()  # type: ignore[misc]
    assert await scenario.snapshot() == before, "a second run changes nothing"
    assert events == {
        "projects.municipality.registered.v1": 6,
        "projects.application.decided.v1": 6,
        "projects.project.submitted.v1": 5,
        "projects.project.published.v1": 4,
    }

    public = await scenario.gql(QUERY)
    assert public.errors is None
    kommunen = {m["ags"]: m for m in public.data["municipalities"]["nodes"]}
    assert set(kommunen) == set(MUNICIPALITIES.values())
    eschwege = kommunen["06636003"]
    assert (eschwege["name"], eschwege["state"]) == ("Eschwege", "Hessen")
    assert eschwege["id"] == str(demo_id("municipality", "eschwege"))
    assert all(m["acceptedRounds"] == ["PILOT"] for m in kommunen.values())

    published = public.data["projects"]["nodes"]
    assert len(published) >= 3
    assert {p["status"] for p in published} == {"PUBLISHED"}
    for project in published:
        uris = [r["competence"]["id"] for r in project["requirements"]]
        assert len(uris) >= 3
        assert all(u.startswith("http://data.europa.eu/esco/skill/") for u in uris)

    everything = await scenario.gql(QUERY, scenario.programme)
    statuses = Counter(p["status"] for p in everything.data["projects"]["nodes"])
    assert statuses == {"PUBLISHED": 4, "SUBMITTED": 1, "DRAFT": 1}


async def test_the_demo_staff_and_mentors_are_the_shared_demo_persons(scenario: Scenario) -> None:
    await scenario.service.seed()  # type: ignore[misc]
    async with scenario.uow() as uow:
        hof = await uow.municipalities.get(demo_id("municipality", "hof"))
        project = await uow.projects.get(demo_id("project", "hof-heat-planning"))
        (application,) = (
            await uow.applications.for_municipalities([demo_id("municipality", "hof")])
        )[demo_id("municipality", "hof")]
    assert hof is not None
    assert hof.contact_ids == [demo_id("person", "staff-hof")]
    assert project is not None
    assert project.details.mentor_id == demo_id("person", "mentor-hof")
    assert application.mentor_id == demo_id("person", "mentor-hof")


async def test_the_demo_data_loads_on_sqlite_as_in_the_embedded_mode(tmp_path: Path) -> None:
    service = bootstrap(ProjectsSettings(data_dir=tmp_path))
    try:
        await upgrade(service.database, service.migrations)
        assert service.seed is not None
        await service.seed()
        await service.seed()
        result = await service.schema.execute(
            QUERY, context_value=service.context_factory(ANONYMOUS)
        )
    finally:
        await service.database.dispose()
    assert result.errors is None
    assert len(result.data["municipalities"]["nodes"]) == 6
    assert len(result.data["projects"]["nodes"]) == 4
