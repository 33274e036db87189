"""`lokal serve` and `lokal worker`: one service's API process and its background process.

Both are configured only by environment variables (the service's settings, and
the listening address through `LOKAL_HTTP_*` / `LOKAL_HEALTH_*`), and both shut
down gracefully on SIGTERM or SIGINT within `shutdown_grace_seconds`:
- API: `/readyz` answers 503 at once, the listening socket closes, requests in
  flight finish, then the database pool is closed and buffered spans exported.
- worker: `/readyz` answers 503 at once, consumers take no more deliveries and
  finish those in hand (acknowledged after commit), the relay publishes what is
  due in the outbox, then the broker connection and the database pool close.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import math
import signal
import socket
from collections.abc import Iterator
from importlib.metadata import entry_points
from types import FrameType
from typing import Annotated

import typer
import uvicorn
import uvloop
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from fastapi import FastAPI

from lokal_cli.registry import service_entry
from lokal_kit.auth.tokens import verifier_for
from lokal_kit.health import Health
from lokal_kit.heap import settle_after_start_up
from lokal_kit.http import create_service_app
from lokal_kit.logging import configure_logging
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.service import Service, ServiceEntry
from lokal_kit.settings import BrokerKind, ServiceSettings
from lokal_kit.tracing import configure_tracing, shutdown_tracing
from lokal_kit.worker import Worker

log = logging.getLogger(__name__)

KEEP_ALIVE_SECONDS = 75
"""How long an API keeps an idle connection open: longer than the gateway keeps one in its
pool (60 s), so the gateway closes first. Were it the other way round (uvicorn's default is
5 s), the gateway would now and then send a query on a connection the API is just closing,
and answer that part with SUBGRAPH_UNAVAILABLE."""

ServiceName = Annotated[
    str,
    typer.Argument(
        envvar="LOKAL_SERVICE",
        help="projects, people, matching or learning (or module:ENTRY for a service "
        "that is not installed as an entry point, e.g. a test service); a service's image "
        "sets LOKAL_SERVICE.",
    ),
]
BROKER_RETRY_SECONDS = 2.0
SHUTDOWN_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def resolve_entry(name: str) -> ServiceEntry:
    """The named service alone: a process imports no other service's code (nor its memory)."""
    if ":" not in name:
        points = entry_points(group="lokal.services", name=name)
        if not points:
            return service_entry(name)  # says which services are installed
        entry = next(iter(points)).load()
    else:
        module, _, attribute = name.partition(":")
        entry = getattr(importlib.import_module(module), attribute)
    if not isinstance(entry, ServiceEntry):
        raise TypeError(f"{name} is not a ServiceEntry")
    return entry


def start_process(name: str, role: str) -> Service:
    """Settings, logs and tracing first, so that the service's engine is traced too."""
    entry = resolve_entry(name)
    settings: ServiceSettings = entry.settings_class()
    if role == "worker" and settings.broker is not BrokerKind.RABBITMQ:
        # the in-process broker lives inside one process: the embedded mode's, not this one's
        raise typer.BadParameter(
            f"a worker process needs RabbitMQ: set LOKAL_BROKER=rabbitmq "
            f"(LOKAL_{entry.name.upper()}_BROKER is {settings.broker.value!r})"
        )
    configure_logging(
        level=settings.log_level, json=settings.log_json, process=f"{entry.name}-{role}"
    )
    configure_tracing(entry.name, otlp_endpoint=settings.otlp_endpoint)
    return entry.bootstrap(settings)


def api_app(service: Service, health: Health | None = None) -> FastAPI:
    settings = service.settings
    health = health or Health()
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
    host: Annotated[
        str, typer.Option(envvar="LOKAL_HTTP_HOST", help="Interface to listen on.")
    ] = "0.0.0.0",  # noqa: S104
    port: Annotated[int, typer.Option(envvar="LOKAL_HTTP_PORT", help="Port to listen on.")] = 8000,
    reuse_port: Annotated[
        bool,
        typer.Option(
            envvar="LOKAL_HTTP_REUSE_PORT",
            help="Share the port with other replicas on this machine (SO_REUSEPORT).",
        ),
    ] = False,
) -> None:
    """Run a service's GraphQL subgraph (the API process)."""
    runtime = start_process(service, "api")
    uvloop.run(_run_api(runtime, host, port, reuse_port))


async def _run_api(service: Service, host: str, port: int, reuse_port: bool) -> None:
    health = Health()
    grace = service.settings.shutdown_grace_seconds
    config = uvicorn.Config(
        api_app(service, health),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=math.ceil(grace),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    server = DrainingServer(config, health)
    settle_after_start_up()
    try:
        await server.serve(sockets=[listening_socket(host, port)] if reuse_port else None)
    finally:
        await service.database.dispose()
        shutdown_tracing()
    log.info("%s API stopped", service.name)


class DrainingServer(uvicorn.Server):
    """Reports not-ready from the first shutdown signal on, then shuts down as uvicorn does."""

    def __init__(self, config: uvicorn.Config, health: Health) -> None:
        super().__init__(config)
        self._health = health

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._health.draining = True
        super().handle_exit(sig, frame)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn re-raises the signal after its shutdown, which would kill the process
        # before the pool is closed and the spans exported; this exits normally instead
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in SHUTDOWN_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def worker(
    service: ServiceName,
    host: Annotated[
        str, typer.Option(envvar="LOKAL_HEALTH_HOST", help="Interface for the health endpoints.")
    ] = "0.0.0.0",  # noqa: S104
    port: Annotated[
        int, typer.Option(envvar="LOKAL_HEALTH_PORT", help="Port for /livez, /readyz, /metrics.")
    ] = 9000,
) -> None:
    """Run a service's outbox relay and consumers against RabbitMQ (the worker process)."""
    runtime = start_process(service, "worker")
    uvloop.run(_run_worker(runtime, host, port))


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
    background = Worker(service, broker)
    health = Health()
    health.add("database", service.database.ping)
    health.add("broker", background.check_broker)
    health.add("consumers", background.check_consumers)
    app = FastAPI(title=f"Lokalprojekte {service.name} worker", docs_url=None, redoc_url=None)
    app.include_router(health.router())
    server = _HealthServer(
        uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False)
    )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in SHUTDOWN_SIGNALS:
        loop.add_signal_handler(signum, stop.set)

    settle_after_start_up()
    serving = asyncio.create_task(server.serve(), name="health endpoints")
    try:
        if await _connect(broker, stop):
            await background.start()
            log.info("%s worker started", service.name)
            await stop.wait()
        health.draining = True
        log.info("%s worker draining", service.name)
        await background.stop(settings.shutdown_grace_seconds)
    finally:
        await broker.close()
        server.should_exit = True
        await serving
        await service.database.dispose()
        shutdown_tracing()
    log.info("%s worker stopped", service.name)


async def _connect(broker: RabbitBroker, stop: asyncio.Event) -> bool:
    """Connect, retrying while the broker is away (not ready meanwhile); False when stopped."""
    while not stop.is_set():
        try:
            await broker.start()
        except (*CONNECTION_EXCEPTIONS, TimeoutError) as exc:
            log.warning("broker unavailable (%s); retrying in %ss", exc, BROKER_RETRY_SECONDS)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), BROKER_RETRY_SECONDS)
        else:
            return True
    return False
