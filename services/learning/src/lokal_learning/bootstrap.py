"""The composition root of the learning service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from lokal_kit.db import Database
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings
from lokal_kit.sqltypes import utcnow
from lokal_learning.adapters.tables import messaging, metadata
from lokal_learning.consumers import subscriptions
from lokal_learning.graphql.context import context_factory
from lokal_learning.graphql.schema import learning_schema
from lokal_learning.http import calendar_router
from lokal_learning.seed import seed
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime
from lokal_learning.settings import LearningSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def compose(
    settings: LearningSettings, *, clock: Callable[[], datetime] = utcnow
) -> tuple[Service, Runtime]:
    """The service and the runtime its use cases share (tests pass their own clock)."""
    database = Database.for_service(settings)
    signal = OutboxSignal()

    def uow_factory() -> LearningUnitOfWork:
        return LearningUnitOfWork(database, messaging, source="/lokal/learning", signal=signal)

    rt = Runtime(uow_factory=uow_factory, clock=clock, settings=settings)

    async def load_demo_data() -> None:
        await seed(rt)

    service = Service(
        name="learning",
        settings=settings,
        database=database,
        metadata=metadata,
        tables=messaging,
        migrations=MIGRATIONS,
        schema=learning_schema(settings),
        context_factory=context_factory(rt),
        uow_factory=uow_factory,
        signal=signal,
        subscriptions=subscriptions(rt),
        seed=load_demo_data,
        routers=[calendar_router(rt)],
    )
    return service, rt


def bootstrap(settings: ServiceSettings | None = None) -> Service:
    return compose(LearningSettings.of(settings))[0]


ENTRY = ServiceEntry(name="learning", settings_class=LearningSettings, bootstrap=bootstrap)
