"""Which spans are recorded: entry points, once something exports them; ids travel regardless."""

from __future__ import annotations

from opentelemetry.propagate import inject
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import Decision, ParentBased
from opentelemetry.trace import SpanKind, use_span

from lokal_kit.tracing import EntryPointSampler


def test_entry_points_are_recorded_once_something_exports_them() -> None:
    sampler = EntryPointSampler()
    assert sampler.should_sample(None, 1, "request", SpanKind.SERVER).decision is Decision.DROP
    sampler.recording = True
    for kind in (SpanKind.SERVER, SpanKind.CONSUMER):
        assert sampler.should_sample(None, 1, "entry", kind).decision.is_sampled()
    assert sampler.should_sample(None, 1, "poll", SpanKind.INTERNAL).decision is Decision.DROP


def test_an_unrecorded_request_still_passes_its_trace_id_on() -> None:
    tracer = TracerProvider(sampler=ParentBased(root=EntryPointSampler())).get_tracer("tests")
    span = tracer.start_span("request", kind=SpanKind.SERVER)
    assert not span.is_recording()
    context = span.get_span_context()
    assert context.is_valid
    carrier: dict[str, str] = {}
    with use_span(span, end_on_exit=True):
        inject(carrier)
    assert carrier["traceparent"].split("-")[1] == format(context.trace_id, "032x")
