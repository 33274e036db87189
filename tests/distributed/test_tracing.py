"""One trace from a request at the edge, through the subgraph and the outbox, to the consumer."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from ledger_service import effect_counts
from opentelemetry import trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from testbed import ledger
from testbed.processes import free_port

from lokal_cli.serve import api_app
from lokal_gateway.server.app import GatewayApp
from lokal_gateway.server.settings import GatewaySettings
from lokal_kit.db import Database
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.testing.waiting import eventually
from lokal_kit.tracing import configure_tracing, traced_asgi
from lokal_kit.worker import Worker


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span this process finishes during the test."""
    exporter = InMemorySpanExporter()
    configure_tracing("tests", processors=[SimpleSpanProcessor(exporter)])
    yield exporter
    exporter.shutdown()  # stops recording; the provider keeps no processor that grows


@contextlib.asynccontextmanager
async def serving(app: object, port: int) -> AsyncIterator[str]:
    """An app on a real port in this process (its lifespan runs, as under `lokal serve`)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None)  # type: ignore[arg-type]
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: _started(server), bool, timeout=20)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return server.started


async def test_the_consumer_span_continues_the_trace_of_the_request_that_caused_the_event(
    spans: InMemorySpanExporter,
    ledger_database: Database,
    rabbit_brokers: Callable[..., Awaitable[RabbitBroker]],
    tmp_path: Path,
) -> None:
    # the service is built after tracing is configured, as `lokal serve` does it
    service = ledger.bootstrap(
        ledger.LedgerSettings(
            data_dir=tmp_path,
            database_url=ledger_database.url.render_as_string(hide_password=False),
        )
    )
    worker = Worker(service, await rabbit_brokers(), poll_interval=0.1)
    await worker.start()
    edge = trace.get_tracer("tests.edge")
    try:
        async with serving(api_app(service), free_port()) as url:
            with edge.start_as_current_span("edge request", kind=SpanKind.SERVER) as root:
                async with httpx.AsyncClient(base_url=url) as client:
                    answer = await client.post(
                        "/graphql",
                        json={"query": "mutation Record { recordEntry(amount: 7) { id } }"},
                    )
            assert answer.status_code == 200, answer.text
            assert answer.headers["x-trace-id"] == format(root.get_span_context().trace_id, "032x")
            await eventually(lambda: effect_counts(ledger_database), lambda c: len(c) == 1)
    finally:
        await worker.stop(5)
        await service.database.dispose()

    trace_id = root.get_span_context().trace_id
    finished = spans.get_finished_spans()
    consumer = _one(finished, lambda s: s.name == "consume ledger.entry.recorded.v1")
    assert consumer.kind is SpanKind.CONSUMER
    assert consumer.context.trace_id == trace_id
    in_trace = [s for s in finished if s.context.trace_id == trace_id]
    kinds = {(s.kind, s.instrumentation_scope.name.rsplit(".", 1)[-1]) for s in in_trace}
    assert (SpanKind.CLIENT, "httpx") in kinds  # the edge's call to the subgraph
    assert (SpanKind.SERVER, "fastapi") in kinds  # the subgraph answering it
    assert (SpanKind.CLIENT, "sqlalchemy") in kinds  # its SQL, and the consumer's
    assert (SpanKind.PRODUCER, "aio_pika") in kinds  # the relay publishing the event
    assert (SpanKind.CONSUMER, "aio_pika") in kinds  # RabbitMQ delivering it
    server = _one(in_trace, lambda s: s.kind is SpanKind.SERVER and s is not _root(in_trace))
    assert (server.attributes or {}).get("graphql.operation.name") == "Record"
    consumer_id = consumer.context.span_id
    below_consumer = [s for s in in_trace if s.parent and s.parent.span_id == consumer_id]
    statements = [str((s.attributes or {}).get("db.statement")) for s in below_consumer]
    assert any("ledger_effects" in statement for statement in statements), statements


def _one(spans: object, predicate: Callable[[ReadableSpan], bool]) -> ReadableSpan:
    found = [s for s in spans if predicate(s)]  # type: ignore[attr-defined]
    assert len(found) == 1, [s.name for s in found]
    return found[0]


def _root(spans: list[ReadableSpan]) -> ReadableSpan:
    return _one(spans, lambda s: s.parent is None)


async def test_a_trace_started_at_the_gateway_reaches_the_consumer_of_the_event(
    spans: InMemorySpanExporter,
    ledger_database: Database,
    rabbit_brokers: Callable[..., Awaitable[RabbitBroker]],
    tmp_path: Path,
) -> None:
    """The gateway as `lokal gateway serve` runs it, the ledger subgraph behind it over HTTP."""
    service = ledger.bootstrap(
        ledger.LedgerSettings(
            data_dir=tmp_path,
            database_url=ledger_database.url.render_as_string(hide_password=False),
        )
    )
    worker = Worker(service, await rabbit_brokers(), poll_interval=0.1)
    await worker.start()
    try:
        async with serving(api_app(service), free_port()) as subgraph:
            settings = GatewaySettings(data_dir=tmp_path, subgraphs=f"ledger={subgraph}/graphql")
            async with (
                serving(traced_asgi(GatewayApp(settings)), free_port()) as gateway,
                httpx.AsyncClient(base_url=gateway) as client,
            ):
                # a client that traces nothing: the trace starts at the gateway
                HTTPXClientInstrumentor.uninstrument_client(client)
                answer = await client.post(
                    "/graphql", json={"query": "mutation Record { recordEntry(amount: 7) { id } }"}
                )
            assert answer.status_code == 200, answer.text
            assert "errors" not in answer.json(), answer.json()
            await eventually(lambda: effect_counts(ledger_database), lambda c: len(c) == 1)
    finally:
        await worker.stop(5)
        await service.database.dispose()

    finished = spans.get_finished_spans()
    (root,) = [s for s in finished if s.parent is None and s.kind is SpanKind.SERVER]
    assert root.resource.attributes["service.name"] == "lokal-tests"
    assert "POST" in root.name  # the gateway answering the client: where the trace started
    consumer = _one(finished, lambda s: s.name == "consume ledger.entry.recorded.v1")
    assert consumer.context.trace_id == root.context.trace_id
    in_trace = [s for s in finished if s.context.trace_id == root.context.trace_id]
    scopes = {s.instrumentation_scope.name.rsplit(".", 1)[-1] for s in in_trace}
    assert {"asgi", "aiohttp_client", "fastapi", "sqlalchemy", "aio_pika"} <= scopes
