"""OpenTelemetry: always a tracer provider (trace ids for logs and errors); export when asked.

`configure_tracing` installs the provider once per process and instruments httpx,
aiohttp and aio-pika, and SQLAlchemy once spans are recorded; `instrument_app` adds
FastAPI's server spans.
Spans reach a collector only when an OTLP endpoint is configured, and are recorded only
then (or when a test adds a processor): otherwise every span is a non-recording one that
still carries its trace id, to the logs, the errors and the next process. The trace
context travels in the outbox envelopes (`traceparent`), so a consumer's span
continues the trace of the request that caused its event.
"""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Sequence
from typing import Any, Literal

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.aio_pika import AioPikaInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
)
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import Attributes

# Probes and scrapes every few seconds would drown the traces that matter.
UNTRACED_PATHS = "livez,readyz,metrics"
# A span for every ASGI message sent or received says nothing the server span does not, and
# cost the gateway a fifth of its CPU per request.
UNTRACED_MESSAGES: list[Literal["receive", "send"]] = ["receive", "send"]

_provider: TracerProvider | None = None


class EntryPointSampler(Sampler):
    """Starts traces only where work enters a process: a request served or an event consumed.

    Without it every poll of the outbox relay and every health query would be
    a trace of its own; below an entry point, the parent's decision holds.
    Until something exports spans, none is recorded: a recorded span nobody reads costs
    as much as one exported, and a trace started unrecorded passes its trace id on all
    the same.
    """

    def __init__(self) -> None:
        self.recording = False

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        entry = self.recording and kind in (SpanKind.SERVER, SpanKind.CONSUMER)
        decision = Decision.RECORD_AND_SAMPLE if entry else Decision.DROP
        return SamplingResult(decision, attributes if entry else None, trace_state)

    def get_description(self) -> str:
        return "EntryPointSampler"


_sampler = EntryPointSampler()


def configure_tracing(
    service: str,
    *,
    otlp_endpoint: str = "",
    processors: Sequence[SpanProcessor] = (),
) -> TracerProvider:
    """Install the process's tracer provider once; later calls only add processors.

    Call it before the database engines and the FastAPI app are created, so that
    the instrumentation sees them.
    """
    global _provider
    if _provider is None:
        _provider = TracerProvider(
            resource=Resource.create({"service.name": f"lokal-{service}"}),
            sampler=ParentBased(root=_sampler),
        )
        trace.set_tracer_provider(_provider)
        HTTPXClientInstrumentor().instrument()
        AioPikaInstrumentor().instrument()
        if importlib.util.find_spec("aiohttp") is not None:
            # only where aiohttp is installed (the gateway's subgraph client): no cost elsewhere
            from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor

            AioHttpClientInstrumentor().instrument()
    if (otlp_endpoint or processors) and not _sampler.recording:
        _sampler.recording = True
        # SQL spans are leaves that pass no context on: unrecorded, their hooks on every
        # statement would be pure cost. The instrumentation declares SQLAlchemy < 2.1 but
        # works with 2.1 (the tests show it).
        SQLAlchemyInstrumentor().instrument(enable_commenter=False, skip_dep_check=True)
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    for processor in processors:
        _provider.add_span_processor(processor)
    return _provider


def instrument_app(app: FastAPI) -> None:
    """Server spans for an app's requests (probes and scrapes excepted), whenever tracing is on."""
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=UNTRACED_PATHS, exclude_spans=UNTRACED_MESSAGES
    )


def traced_asgi(app: Any) -> Any:
    """Server spans for a plain ASGI app (the gateway's endpoint is not a FastAPI route)."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return OpenTelemetryMiddleware(
        app, excluded_urls=UNTRACED_PATHS, exclude_spans=UNTRACED_MESSAGES
    )


def shutdown_tracing() -> None:
    """Export what is still buffered; the last step of a graceful shutdown."""
    if _provider is not None:
        _provider.force_flush(timeout_millis=5000)


def current_trace_id() -> str:
    """The active trace id, or a fresh random one when nothing is being traced."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        return format(context.trace_id, "032x")
    return uuid.uuid4().hex
