"""Prometheus metrics of every process, labelled by service (one process may host several).

The GraphQL operation name reaches the HTTP metrics through `RequestObservation`:
the request middleware opens one per request, and `OperationObserver` (a schema
extension every subgraph runs) fills in the operation and its outcome.
"""

from __future__ import annotations

import contextvars
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import structlog
from opentelemetry import trace
from prometheus_client import Counter, Gauge, Histogram
from strawberry.extensions import SchemaExtension

from lokal_kit.db import Database

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
HTTP_REQUESTS = Counter(
    "lokal_http_requests_total",
    "HTTP requests served, by path, GraphQL operation name and status.",
    ["service", "path", "operation", "status"],
)
HTTP_LATENCY = Histogram(
    "lokal_http_request_duration_seconds",
    "Time to answer an HTTP request, by path and GraphQL operation name.",
    ["service", "path", "operation"],
    buckets=_LATENCY_BUCKETS,
)
GRAPHQL_OPERATIONS = Histogram(
    "lokal_graphql_operation_duration_seconds",
    "Time to execute a GraphQL operation, by operation name and outcome (ok, error).",
    ["service", "operation", "outcome"],
    buckets=_LATENCY_BUCKETS,
)
OUTBOX_BACKLOG = Gauge("lokal_outbox_backlog", "Outbox rows not yet published.", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "lokal_outbox_oldest_pending_age_seconds",
    "Age of the oldest outbox row not yet published.",
    ["service"],
)
OUTBOX_PUBLISHED = Counter(
    "lokal_outbox_published_total", "Events the relay published with a confirm.", ["service"]
)
OUTBOX_PUBLISH_FAILURES = Counter(
    "lokal_outbox_publish_failures_total",
    "Publishes the broker refused or could not route; the row is retried later.",
    ["service"],
)
EVENTS_CONSUMED = Counter(
    "lokal_events_consumed_total",
    "Deliveries handled, by outcome: applied, duplicate, stale, retried, parked.",
    ["consumer", "event_type", "outcome"],
)
EVENT_LAG = Histogram(
    "lokal_event_lag_seconds",
    "Time from an event's creation to its handling by a consumer.",
    ["consumer"],
    buckets=(0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 120.0, 600.0),
)
CONSUMER_QUEUE_DEPTH = Gauge(
    "lokal_consumer_queue_depth",
    "Messages waiting in a consumer's work queue (its lag in messages).",
    ["consumer"],
)
DB_POOL_IN_USE = Gauge(
    "lokal_db_pool_connections_in_use", "Database connections checked out.", ["service"]
)
DB_POOL_SIZE = Gauge(
    "lokal_db_pool_size", "Connections the pool keeps (overflow comes on top).", ["service"]
)
DB_POOL_OVERFLOW = Gauge(
    "lokal_db_pool_overflow", "Connections open beyond the pool size right now.", ["service"]
)


def watch_pool(service: str, database: Database) -> None:
    """Report the connection pool's use at every scrape (nothing to refresh)."""
    pool = database.engine.sync_engine.pool
    for gauge, reading in (
        (DB_POOL_IN_USE, "checkedout"),
        (DB_POOL_SIZE, "size"),
        (DB_POOL_OVERFLOW, "overflow"),
    ):
        read = getattr(pool, reading, None)
        if callable(read):
            gauge.labels(service).set_function(_reading(read))


def _reading(read: Callable[[], Any]) -> Callable[[], float]:
    return lambda: float(max(0, int(read())))


# Clients name their operations; past this many distinct names a process counts the rest
# together, so a client inventing names cannot blow up the metrics.
MAX_OPERATION_NAMES = 300
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")
_known_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    if not _NAME.fullmatch(name):
        return "invalid"
    with _names_lock:
        if name in _known_names:
            return name
        if len(_known_names) >= MAX_OPERATION_NAMES:
            return "other"
        _known_names.add(name)
    return name


@dataclass
class RequestObservation:
    service: str
    operation: str | None = None


_observation: contextvars.ContextVar[RequestObservation | None] = contextvars.ContextVar(
    "lokal_request_observation", default=None
)


def observe_request(
    service: str,
) -> tuple[RequestObservation, contextvars.Token[RequestObservation | None]]:
    observation = RequestObservation(service)
    return observation, _observation.set(observation)


def end_observation(token: contextvars.Token[RequestObservation | None]) -> None:
    _observation.reset(token)


class OperationObserver(SchemaExtension):
    """Names the operation in logs, in the request's span and in the metrics."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            structlog.contextvars.unbind_contextvars("operation")
        label = operation_label(self.execution_context.operation_name)
        result = self.execution_context.result
        outcome = "error" if result is None or result.errors else "ok"
        observation = _observation.get()
        if observation is not None:
            observation.operation = label
            GRAPHQL_OPERATIONS.labels(observation.service, label, outcome).observe(
                time.perf_counter() - started
            )

    def on_execute(self) -> Iterator[None]:
        # the document is parsed now, so an operation without a given name has its own
        label = operation_label(self.execution_context.operation_name)
        structlog.contextvars.bind_contextvars(operation=label)
        trace.get_current_span().set_attribute("graphql.operation.name", label)
        yield
