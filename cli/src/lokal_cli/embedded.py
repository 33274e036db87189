"""The embedded platform: every service in one process, SQLite files, the in-process broker."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import strawberry
from fastapi import FastAPI
from starlette.routing import Route
from strawberry.fastapi import GraphQLRouter

from lokal_gateway.embedded import in_process_gateway
from lokal_gateway.limits import Limits
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint
from lokal_kit.auth.tokens import TokenVerifier, verifier_for
from lokal_kit.health import Health
from lokal_kit.http import RequestMiddleware, create_service_app
from lokal_kit.messaging.inprocess import InProcessBroker
from lokal_kit.migrations import upgrade
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import ServiceSettings
from lokal_kit.worker import Worker

log = logging.getLogger(__name__)

# Short delays: in the embedded mode a person is watching.
EMBEDDED_RETRY_DELAYS = (0.5, 2.0, 10.0)


@dataclass
class EmbeddedPlatform:
    data_dir: Path
    entries: dict[str, ServiceEntry]
    seed: bool = True
    services: dict[str, Service] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)
    health: Health = field(default_factory=Health)
    broker: InProcessBroker | None = None

    def build(self) -> None:
        for name, entry in self.entries.items():
            settings = entry.settings_class(data_dir=self.data_dir)
            self.services[name] = entry.bootstrap(settings)
        self.broker = InProcessBroker(f"sqlite+aiosqlite:///{self.data_dir / 'broker.sqlite'}")

    async def start(self) -> None:
        assert self.broker is not None, "build() first"
        for service in self.services.values():
            await upgrade(service.database, service.migrations)
            self.health.add(f"database:{service.name}", service.database.ping)
        await self.broker.start()
        for service in self.services.values():
            worker = Worker(
                service, self.broker, retry_delays=EMBEDDED_RETRY_DELAYS, poll_interval=0.2
            )
            await worker.start()
            self.workers.append(worker)
            self.health.add(f"consumers:{service.name}", worker.check_consumers)
        if self.seed:
            for service in self.services.values():
                if service.seed is not None:
                    await service.seed()
                    # a later service's demo data may build on what this one announced
                    await self.settle()

    async def settle(self, timeout: float = 60.0) -> None:
        """Wait until every outbox is published and every delivery is settled."""
        assert self.broker is not None
        async with asyncio.timeout(timeout):
            while True:
                backlogs = [(await worker.relay.backlog())[0] for worker in self.workers]
                if not any(backlogs) and not await self.broker.unsettled():
                    return
                await asyncio.sleep(0.1)

    async def stop(self, grace: float = 10.0) -> None:
        self.health.draining = True
        for worker in reversed(self.workers):
            await worker.stop(grace)
        if self.broker is not None:
            await self.broker.close()
        for service in self.services.values():
            await service.database.dispose()

    def app(self) -> FastAPI:
        settings = ServiceSettings(data_dir=self.data_dir)
        verifier = verifier_for(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_url=settings.jwt_jwks_url,
            public_key_file=settings.jwt_public_key_file,
            data_dir=self.data_dir,
        )

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.start()
            try:
                yield
            finally:
                await self.stop()

        app = FastAPI(
            title="Lokalprojekte (embedded)", lifespan=lifespan, docs_url=None, redoc_url=None
        )
        if self.services:
            app.router.routes.append(Route("/graphql", self.gateway_endpoint(settings, verifier)))
        else:
            status = PlatformStatus(services=[])
            app.include_router(
                GraphQLRouter(
                    strawberry.Schema(query=PlatformStatus),
                    root_value_getter=lambda: status,
                    graphql_ide="graphiql",
                ),
                prefix="/graphql",
            )
        app.include_router(self.health.router())
        for name, service in self.services.items():
            app.mount(
                f"/subgraphs/{name}",
                create_service_app(service, verifier=verifier, health=Health()),
            )
        app.add_middleware(RequestMiddleware, service="platform", max_body_bytes=1_000_000)
        return app

    def gateway_endpoint(
        self, settings: ServiceSettings, verifier: TokenVerifier
    ) -> GraphQLEndpoint:
        """The federation gateway over every service, executed in this process."""
        gateway = in_process_gateway(
            {name: (s.schema, s.context_factory) for name, s in self.services.items()},
            limits=Limits(
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_tokens=settings.max_tokens,
            ),
        )
        return GraphQLEndpoint(
            gateway,
            EndpointOptions(verifier=verifier, graphiql=True, expose_query_plan=True),
        )


@strawberry.type(description="A platform without services: nothing to compose yet.")
class PlatformStatus:
    services: list[str] = strawberry.field(description="The services this platform runs.")
