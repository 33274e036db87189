"""Prometheus metrics of every process, labelled by service (one process may host several)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
HTTP_REQUESTS = Counter(
    "lokal_http_requests_total", "HTTP requests served.", ["service", "path", "status"]
)
HTTP_LATENCY = Histogram(
    "lokal_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["service", "path"],
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
DB_POOL_IN_USE = Gauge(
    "lokal_db_pool_connections_in_use", "Database connections checked out.", ["service"]
)
