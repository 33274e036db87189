"""A migrated PostgreSQL database per run, emptied after each test; the service on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from learning_harness import (
    PEOPLE,
    PROGRAMME,
    Clock,
    Learning,
    World,
    confirmed,
    place,
    world_template_items,
)

from lokal_kit.testing.database import empty_tables, migrated
from lokal_kit.testing.plugin import DatabaseFactory
from lokal_learning.adapters.tables import metadata
from lokal_learning.bootstrap import MIGRATIONS, compose
from lokal_learning.service import curricula, enrollments, sessions
from lokal_learning.settings import LearningSettings


@pytest.fixture(scope="session")
async def learning_url(postgres_databases: DatabaseFactory) -> str:
    url = await postgres_databases("learning")
    database = await migrated(url, MIGRATIONS)
    await database.dispose()
    return url


@pytest.fixture
async def learning(learning_url: str, tmp_path: Path) -> AsyncIterator[Learning]:
    settings = LearningSettings(
        database_url=learning_url, data_dir=tmp_path, public_url="https://learning.example"
    )
    clock = Clock(datetime(2026, 8, 20, 10, 0, tzinfo=UTC))
    service, rt = compose(settings, clock=clock)
    yield Learning(service=service, rt=rt, clock=clock)
    await empty_tables(service.database, metadata)
    await service.database.dispose()


@pytest.fixture
async def world(learning: Learning) -> World:
    rt = learning.rt
    template = await curricula.create_template(
        rt,
        PROGRAMME,
        curricula.NewTemplate("Begleitprogramm", "", world_template_items(), make_current=True),
    )
    await enrollments.register_coach(rt, PROGRAMME, PEOPLE["coach"], 3)
    event = confirmed(PEOPLE["maker"])
    await place(learning, event)
    async with rt.uow_factory() as uow:
        cohort = await uow.curricula.cohort_for_period("2026-09")
        assert cohort is not None
        found = await uow.sessions.all_of_cohort(cohort.id)
        enrollment = await uow.enrollments.for_placement(event.placement_id)
        assert enrollment is not None
    by_title = {s.title: s.id for s in found}
    kickoff = by_title["Auftakt"]
    await sessions.change_session(
        rt, PROGRAMME, kickoff, sessions.SessionChanges(facilitator_id=PEOPLE["facilitator"])
    )
    # the kick-off is over, the rest of the programme lies ahead
    learning.clock.now = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)
    return World(
        template_id=template.id,
        cohort_id=cohort.id,
        enrollment_id=enrollment.id,
        placement_id=event.placement_id,
        sessions=by_title,
    )
