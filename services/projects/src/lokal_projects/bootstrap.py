"""The composition root of the projects service."""

from __future__ import annotations

from pathlib import Path

from lokal_kit.db import Database
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings
from lokal_projects.adapters.tables import messaging, metadata
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.consumers import SUBSCRIPTIONS
from lokal_projects.graphql.context import ProjectsContext
from lokal_projects.graphql.schema import build_schema
from lokal_projects.seed import seed
from lokal_projects.settings import ProjectsSettings

NAME = "projects"
MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(settings: ServiceSettings | None = None) -> Service:
    settings = ProjectsSettings.of(settings)
    database = Database.for_service(settings)
    signal = OutboxSignal()

    def unit_of_work() -> ProjectsUnitOfWork:
        return ProjectsUnitOfWork(database, messaging, source=f"/lokal/{NAME}", signal=signal)

    async def load_demo_data() -> None:
        await seed(unit_of_work)

    return Service(
        name=NAME,
        settings=settings,
        database=database,
        metadata=metadata,
        tables=messaging,
        migrations=MIGRATIONS,
        schema=build_schema(settings),
        context_factory=lambda principal: ProjectsContext(
            principal, unit_of_work, max_page_size=settings.max_page_size
        ),
        uow_factory=unit_of_work,
        signal=signal,
        subscriptions=SUBSCRIPTIONS,
        seed=load_demo_data,
    )


ENTRY = ServiceEntry(name=NAME, settings_class=ProjectsSettings, bootstrap=bootstrap)
