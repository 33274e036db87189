"""What the distributed platform's databases say about its events: published or still waiting,
received by every consumer that takes them or not, and how often an effect was announced.

It reads the services' databases on the real server (not through a proxy a test may have cut).
"""

from __future__ import annotations

import collections
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit

import asyncpg

from lokal_cli.registry import installed_services
from lokal_kit.settings import ServiceSettings


class EventAudit:
    def __init__(self, postgres_url: str, database_prefix: str, services: Iterable[str]) -> None:
        self.postgres_url = postgres_url
        self.prefix = database_prefix
        self.services = list(services)
        entries = installed_services()
        self.takes: dict[tuple[str, str], set[str]] = {
            (name, subscription.name): {event.event_type for event in subscription.handlers}
            for name in self.services
            for subscription in entries[name].bootstrap(ServiceSettings()).subscriptions
        }
        """(service, consumer) → the event types its queue is bound to."""

    async def fetch(self, service: str, query: str, *args: object) -> list[asyncpg.Record]:
        url = urlsplit(self.postgres_url)._replace(path=f"/{self.prefix}{service}").geturl()
        connection = await asyncpg.connect(url)
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()

    async def pending(self) -> dict[str, int]:
        """Per service, its outbox rows not yet published (only the services that have some)."""
        counts = {}
        for service in self.services:
            rows = await self.fetch(
                service, "SELECT count(*) FROM outbox WHERE published_at IS NULL"
            )
            if rows[0][0]:
                counts[service] = int(rows[0][0])
        return counts

    async def undelivered(self) -> dict[str, int]:
        """Per consumer, how many published events of the types it takes are not in its inbox
        (only the consumers that miss some)."""
        published: list[tuple[uuid.UUID, str]] = []
        for service in self.services:
            rows = await self.fetch(
                service, "SELECT event_id, event_type FROM outbox WHERE published_at IS NOT NULL"
            )
            published.extend((row["event_id"], row["event_type"]) for row in rows)
        missing: dict[str, int] = {}
        for (service, consumer), types in self.takes.items():
            rows = await self.fetch(
                service, "SELECT event_id FROM inbox WHERE consumer = $1", consumer
            )
            received = {row["event_id"] for row in rows}
            absent = sum(1 for event, kind in published if kind in types and event not in received)
            if absent:
                missing[consumer] = absent
        return missing

    async def announced(self, service: str, event_type: str) -> collections.Counter[str]:
        """How often `service` announced `event_type`, per subject (an effect applied twice
        announces twice)."""
        rows = await self.fetch(
            service, "SELECT subject FROM outbox WHERE event_type = $1", event_type
        )
        return collections.Counter(row["subject"] for row in rows)
