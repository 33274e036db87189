"""Migrations match the models; the demo data loads (embedded, SQLite) and loads only once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.migrations import pending_changes, upgrade
from lokal_kit.service import Service
from lokal_people.adapters import tables
from lokal_people.bootstrap import bootstrap
from lokal_people.catalogue import default_competences
from lokal_people.settings import PeopleSettings


async def test_the_migrations_leave_nothing_for_autogenerate_on_postgres(people: Service) -> None:
    assert await pending_changes(people.database, tables.metadata) == []


async def embedded(tmp_path: Path) -> Service:
    service = bootstrap(PeopleSettings(data_dir=tmp_path))
    await upgrade(service.database, service.migrations)
    return service


async def test_the_migrations_leave_nothing_for_autogenerate_on_sqlite(tmp_path: Path) -> None:
    service = await embedded(tmp_path)
    try:
        assert await pending_changes(service.database, tables.metadata) == []
    finally:
        await service.database.dispose()


async def test_the_demo_data_has_every_stage_and_a_pool_and_loads_once(tmp_path: Path) -> None:
    service = await embedded(tmp_path)
    try:
        assert service.seed is not None
        await service.seed()
        async with service.database.engine.connect() as connection:
            stages = Counter(
                (await connection.execute(select(tables.maker_applications.c.stage))).scalars()
            )
            persons = (await connection.execute(select(tables.persons))).all()
            outbox = Counter(
                (await connection.execute(select(tables.messaging.outbox.c.event_type))).scalars()
            )
            competences = (
                await connection.execute(select(func.count()).select_from(tables.competences))
            ).scalar_one()
        assert stages["selected"] >= 10
        assert set(stages) >= {
            "applied",
            "screening",
            "interview",
            "selected",
            "rejected",
            "withdrawn",
        }
        assert len(persons) == 2 + 2 * len(MUNICIPALITIES) + 16
        ids = {p.id for p in persons}
        for slug in (
            "programme-lena",
            "programme-jonas",
            "mentor-eschwege",
            "staff-halle",
            "maker-01",
            "maker-16",
        ):
            assert demo_id("person", slug) in ids
        assert all(p.email.endswith("@example.org") for p in persons)
        assert outbox["people.maker.selected.v1"] == stages["selected"]
        assert competences == len(default_competences())

        await service.seed()
        async with service.database.engine.connect() as connection:
            again = (
                await connection.execute(select(func.count()).select_from(tables.persons))
            ).scalar_one()
            events = (
                await connection.execute(select(func.count()).select_from(tables.messaging.outbox))
            ).scalar_one()
        assert again == len(persons)
        assert events == sum(outbox.values())
    finally:
        await service.database.dispose()
