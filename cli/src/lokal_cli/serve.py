"""`lokal serve` and `lokal worker`: one service's API process and its background process."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI

from lokal_cli.registry import service_entry
from lokal_kit.auth.tokens import verifier_for
from lokal_kit.health import Health
from lokal_kit.http import create_service_app
from lokal_kit.logging import configure_logging
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.service import Service
from lokal_kit.tracing import configure_tracing
from lokal_kit.worker import Worker

ServiceName = Annotated[str, typer.Argument(help="projects, people, matching or learning.")]


def api_app(service: Service) -> FastAPI:
    settings = service.settings
    health = Health()
    health.add("database", service.database.ping)
    verifier = verifier_for(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks_url=settings.jwt_jwks_url,
        public_key_file=settings.jwt_public_key_file,
        data_dir=settings.data_dir,
    )
    return create_service_app(service, verifier=verifier, health=health)


def serve(
    service: ServiceName,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "0.0.0.0",  # noqa: S104
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run a service's GraphQL subgraph (the API process)."""
    runtime = service_entry(service).bootstrap(None)
    configure_logging(level=runtime.settings.log_level, json=runtime.settings.log_json)
    configure_tracing(service)
    uvicorn.run(
        api_app(runtime),
        host=host,
        port=port,
        log_config=None,
        timeout_graceful_shutdown=int(runtime.settings.shutdown_grace_seconds),
    )


def worker(
    service: ServiceName,
    host: Annotated[str, typer.Option(help="Interface for the health endpoints.")] = "0.0.0.0",  # noqa: S104
    port: Annotated[int, typer.Option(help="Port for /livez, /readyz, /metrics.")] = 9000,
) -> None:
    """Run a service's outbox relay and consumers against RabbitMQ (the worker process)."""
    runtime = service_entry(service).bootstrap(None)
    settings = runtime.settings
    configure_logging(level=settings.log_level, json=settings.log_json)
    configure_tracing(service)
    asyncio.run(_run_worker(runtime, host, port))


class _HealthServer(uvicorn.Server):
    """Serves the worker's health endpoints; the worker handles the signals itself."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _run_worker(service: Service, host: str, port: int) -> None:
    settings = service.settings
    broker = RabbitBroker(
        settings.amqp_url,
        namespace=settings.events_namespace,
        connection_name=f"{service.name}-worker",
    )
    await broker.start()
    background = Worker(service, broker)
    health = Health()
    health.add("database", service.database.ping)
    health.add("broker", background.check_broker)
    health.add("consumers", background.check_consumers)
    app = FastAPI(docs_url=None, redoc_url=None)
    app.include_router(health.router())
    server = _HealthServer(uvicorn.Config(app, host=host, port=port, log_config=None))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    await background.start()
    serving = asyncio.create_task(server.serve())
    await stop.wait()
    health.draining = True
    await background.stop(settings.shutdown_grace_seconds)
    await broker.close()
    server.should_exit = True
    await serving
    await service.database.dispose()
