"""The composition root of the people service."""

from __future__ import annotations

from pathlib import Path

from lokal_kit.db import Database
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings
from lokal_people.adapters.tables import messaging, metadata
from lokal_people.consumers import SUBSCRIPTIONS
from lokal_people.graphql.competences import Competence
from lokal_people.graphql.context import context_factory
from lokal_people.graphql.mutations import Mutation
from lokal_people.graphql.persons import Municipality, Person
from lokal_people.graphql.privacy import PersonalDataExport
from lokal_people.graphql.queries import Query
from lokal_people.seed import seed_demo
from lokal_people.service.unit_of_work import PeopleUnitOfWork
from lokal_people.settings import PeopleSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(settings: ServiceSettings | None = None) -> Service:
    people_settings = PeopleSettings.of(settings)
    database = Database.for_service(people_settings)
    signal = OutboxSignal()

    def uow_factory() -> PeopleUnitOfWork:
        return PeopleUnitOfWork(database, messaging, source="/lokal/people", signal=signal)

    schema = subgraph_schema(
        query=Query,
        mutation=Mutation,
        types=[Person, Competence, Municipality, PersonalDataExport],
        settings=people_settings,
    )

    async def seed() -> None:
        await seed_demo(uow_factory)

    return Service(
        name="people",
        settings=people_settings,
        database=database,
        metadata=metadata,
        tables=messaging,
        migrations=MIGRATIONS,
        schema=schema,
        context_factory=context_factory(uow_factory, people_settings),
        uow_factory=uow_factory,
        signal=signal,
        subscriptions=SUBSCRIPTIONS,
        seed=seed,
    )


ENTRY = ServiceEntry(name="people", settings_class=PeopleSettings, bootstrap=bootstrap)
