"""Each change and its event are written in one transaction: both or neither."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

import asyncpg
import pytest
from sqlalchemy import func, select

from lokal_contracts import Envelope
from lokal_contracts.projects import ProjectPublished
from lokal_kit.errors import Conflict, IllegalTransition
from lokal_kit.testing.waiting import eventually
from lokal_projects.adapters.tables import municipalities
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.domain.values import MunicipalityKind
from lokal_projects.service import municipalities as municipality_service
from lokal_projects.service import projects
from lokal_projects.service.commands import RegisterMunicipality

if TYPE_CHECKING:
    from conftest import Scenario


async def test_registering_writes_the_municipality_and_its_event_together(
    scenario: Scenario,
) -> None:
    municipality, _ = await scenario.municipality(accepted=False, ags="06636003")
    (registered,) = await scenario.events("projects.municipality.registered.v1")
    assert registered["subject"] == str(municipality.id)
    assert registered["aggregateversion"] == 1
    assert registered["data"] == {
        "version": 1,
        "municipality_id": str(municipality.id),
        "ags": "06636003",
        "state": "06",
        "kind": "stadt",
    }


async def test_the_lifecycle_announces_each_step_with_a_growing_version(
    scenario: Scenario,
) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    await projects.cancel_project(scenario.uow(), staff, project.id)
    envelopes = [e for e in await scenario.events() if e["subject"] == str(project.id)]
    assert [(e["type"], e["aggregateversion"]) for e in envelopes] == [
        ("projects.project.submitted.v1", 2),
        ("projects.project.published.v1", 3),
        ("projects.project.cancelled.v1", 4),
    ]
    published = ProjectPublished.model_validate(envelopes[1]["data"])
    assert published.ags == municipality.ags.value
    assert [s.pay_group for s in published.seats] == list(project.details.seats)
    assert [r.competence_id for r in published.requirements] == [
        r.competence_id for r in project.details.requirements
    ]
    assert published.mentor_id == project.details.mentor_id
    assert all(Envelope.model_validate(e).source == "/lokal/projects" for e in envelopes)


async def test_a_refused_command_writes_neither_change_nor_event(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality(accepted=False)
    project = await scenario.project(municipality, staff, ProjectStatus.SUBMITTED)
    before = await scenario.snapshot()
    with pytest.raises(IllegalTransition, match="no accepted application"):
        await projects.publish_project(scenario.uow(), scenario.programme, project.id)
    assert await scenario.snapshot() == before


async def test_a_registration_that_loses_the_race_for_its_ags_leaves_no_event(
    scenario: Scenario,
) -> None:
    """Another transaction registers the same AGS between our check and our insert."""
    database = scenario.service.database
    url = database.url.set(drivername="postgresql").render_as_string(hide_password=False)
    rival = await asyncpg.connect(url)
    try:
        transaction = rival.transaction()
        await transaction.start()
        await rival.execute(
            "INSERT INTO municipalities (id, ags, state_code, name, kind, registered_at, version)"
            " VALUES ($1, '14626110', '14', 'Görlitz', 'stadt', $2, 1)",
            uuid4(),
            datetime.now(UTC),
        )
        losing = asyncio.create_task(
            municipality_service.register_municipality(
                scenario.uow(),
                scenario.staff_of(uuid4()),
                RegisterMunicipality(ags="14626110", name="Görlitz", kind=MunicipalityKind.CITY),
            )
        )
        # our insert now waits for the rival's lock on the AGS
        await eventually(_waiting_for_locks(rival), lambda waiting: waiting >= 1)
        await transaction.commit()
        with pytest.raises(Conflict) as refused:
            await losing
    finally:
        await rival.close()
    assert refused.value.details == {"field": "ags"}
    assert await scenario.events("projects.municipality.registered.v1") == []
    async with database.session() as session:
        count = await session.scalar(select(func.count()).select_from(municipalities))
    assert count == 1


def _waiting_for_locks(connection: asyncpg.Connection) -> object:
    async def probe() -> int:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )

    return probe
