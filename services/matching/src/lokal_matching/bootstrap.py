"""The composition root of the matching service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from lokal_kit.db import Database
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings
from lokal_kit.sqltypes import utcnow
from lokal_matching.adapters.tables import messaging, metadata
from lokal_matching.consumers import subscriptions
from lokal_matching.graphql.context import MatchingContext
from lokal_matching.graphql.schema import matching_schema
from lokal_matching.seed import seed_demo
from lokal_matching.service.uow import Matching, MatchingUnitOfWork
from lokal_matching.settings import MatchingSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def assemble(
    settings: MatchingSettings, *, clock: Callable[[], datetime] = utcnow
) -> tuple[Service, Matching]:
    """The service and its use-case dependencies (tests set the clock here)."""
    database = Database.for_service(settings)
    signal = OutboxSignal()

    def unit_of_work() -> MatchingUnitOfWork:
        return MatchingUnitOfWork(database, messaging, source="/lokal/matching", signal=signal)

    matching = Matching(uow=unit_of_work, settings=settings, clock=clock)

    async def seed() -> None:
        await seed_demo(matching)

    service = Service(
        name="matching",
        settings=settings,
        database=database,
        metadata=metadata,
        tables=messaging,
        migrations=MIGRATIONS,
        schema=matching_schema(settings),
        context_factory=lambda principal: MatchingContext(matching, principal),
        uow_factory=unit_of_work,
        signal=signal,
        subscriptions=subscriptions(matching),
        seed=seed,
    )
    return service, matching


def bootstrap(settings: ServiceSettings | None = None) -> Service:
    return assemble(MatchingSettings.of(settings))[0]


ENTRY = ServiceEntry(name="matching", settings_class=MatchingSettings, bootstrap=bootstrap)
