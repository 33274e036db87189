"""OpenTelemetry: always a tracer provider (trace ids for logs and errors); export when asked."""

from __future__ import annotations

import uuid

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider

_configured = False


def configure_tracing(service: str, *, processors: tuple[SpanProcessor, ...] = ()) -> None:
    """Install the process's tracer provider once; later calls only add processors."""
    global _configured
    provider = trace.get_tracer_provider()
    if not _configured:
        provider = TracerProvider(resource=Resource.create({"service.name": f"lokal-{service}"}))
        trace.set_tracer_provider(provider)
        _configured = True
    if isinstance(provider, TracerProvider):
        for processor in processors:
            provider.add_span_processor(processor)


def current_trace_id() -> str:
    """The active trace id, or a fresh random one when nothing is being traced."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        return format(context.trace_id, "032x")
    return uuid.uuid4().hex
