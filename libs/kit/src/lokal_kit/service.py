"""What a service hands the composition root: its parts, built once by its `bootstrap`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from sqlalchemy import MetaData
from strawberry.federation import Schema

from lokal_kit.auth import Principal
from lokal_kit.db import Database
from lokal_kit.messaging.consumer import Subscription
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.tables import MessagingTables
from lokal_kit.settings import ServiceSettings
from lokal_kit.uow import UnitOfWork


@dataclass
class Service:
    name: str
    settings: ServiceSettings
    database: Database
    metadata: MetaData
    tables: MessagingTables
    migrations: Path
    schema: Schema
    context_factory: Callable[[Principal], Any]
    uow_factory: Callable[[], UnitOfWork]
    signal: OutboxSignal
    subscriptions: Sequence[Subscription] = ()
    seed: Callable[[], Awaitable[None]] | None = None
    routers: Sequence[APIRouter] = ()
    """HTTP routes beside the subgraph (a calendar feed, say)."""

    @property
    def source(self) -> str:
        """CloudEvents `source` of everything this service publishes."""
        return f"/lokal/{self.name}"


@dataclass(frozen=True)
class ServiceEntry:
    """How the `lokal` command finds a service: the `lokal.services` entry point names one.

    `bootstrap(settings)` is the service's composition root; without settings it
    reads them from the environment.
    """

    name: str
    settings_class: type[ServiceSettings]
    bootstrap: Callable[[ServiceSettings | None], Service]
