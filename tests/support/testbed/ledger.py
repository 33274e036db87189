"""The kit's ledger test service as a whole deployable: a subgraph, a relay and a consumer.

`lokal serve testbed.ledger:ENTRY` and `lokal worker testbed.ledger:ENTRY` run
it like a real service, so the distributed topology (signals, health, metrics,
tracing, `lokal up`) is tested without depending on any domain service.
`ledger_effects` gets one row per application of an event, so an event applied
twice shows up as two rows.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import ledger_service
import strawberry
from pydantic import Field
from sqlalchemy import func, select

from lokal_kit.auth import Principal
from lokal_kit.db import Database
from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings


class LedgerSettings(ServiceSettings):
    service_name = "ledger"

    handler_delay: float = Field(default=0.0, ge=0, description="Seconds each delivery takes.")
    handler_fails: bool = Field(default=False, description="Every delivery fails (retries, parks).")


# an entity, so that the schema is a Federation 2 subgraph a gateway composes
@strawberry.federation.type(keys=["id"], description="A recorded entry.")
class Entry:
    id: strawberry.ID
    amount: int

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Entry | None:
        async with info.context["database"].session() as session:
            amount = await session.scalar(
                select(ledger_service.entries.c.amount).where(
                    ledger_service.entries.c.id == UUID(id)
                )
            )
        return None if amount is None else cls(id=id, amount=amount)


@strawberry.type
class Query:
    @strawberry.field
    async def entry_count(self, info: strawberry.Info) -> int:
        return await _count(info.context["database"], ledger_service.entries)

    @strawberry.field
    async def effect_count(self, info: strawberry.Info) -> int:
        return await _count(info.context["database"], ledger_service.effects)

    @strawberry.field(description="Answers after `seconds`: a request still in flight.")
    async def slow(self, seconds: float) -> bool:
        await asyncio.sleep(seconds)
        return True


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def record_entry(self, info: strawberry.Info, amount: int) -> Entry:
        entry_id = uuid4()
        async with info.context["uow_factory"]() as uow:
            await uow.session.execute(
                ledger_service.entries.insert().values(
                    id=entry_id, account_id=entry_id, amount=amount
                )
            )
            uow.publish(
                ledger_service.EntryRecorded(
                    account_id=entry_id, entry_id=entry_id, amount=amount, version=1
                )
            )
            await uow.commit()
        return Entry(id=strawberry.ID(str(entry_id)), amount=amount)


async def _count(database: Database, table: Any) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


def bootstrap(settings: ServiceSettings | None = None) -> Service:
    settings = settings if isinstance(settings, LedgerSettings) else LedgerSettings()
    database = Database(settings.resolved_database_url, pool_size=settings.database_pool_size)
    signal = OutboxSignal()
    uow_factory = ledger_service.unit_of_work(database, signal)

    def context_factory(principal: Principal) -> dict[str, Any]:
        return {"principal": principal, "database": database, "uow_factory": uow_factory}

    return Service(
        name="ledger",
        settings=settings,
        database=database,
        metadata=ledger_service.metadata,
        tables=ledger_service.tables,
        migrations=ledger_service.MIGRATIONS,
        schema=subgraph_schema(query=Query, mutation=Mutation, types=[Entry], settings=settings),
        context_factory=context_factory,
        uow_factory=uow_factory,
        signal=signal,
        subscriptions=[
            ledger_service.effects_subscription(
                "ledger.effects",
                delay=settings.handler_delay,
                fail=lambda: settings.handler_fails,
            )
        ],
    )


ENTRY = ServiceEntry(name="ledger", settings_class=LedgerSettings, bootstrap=bootstrap)
