"""What an operator sees: metrics on every process, JSON logs with ids and no personal data."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from uuid import uuid4

import httpx
from ledger_service import effect_counts, record_entries
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from testbed import ledger

from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys
from lokal_kit.db import Database
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.settings import ServiceSettings
from lokal_kit.testing.waiting import eventually
from lokal_kit.worker import Worker

from .conftest import Starter

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float | None:
    """The sample with these labels (others may be present too)."""
    matching = [v for (n, ls), v in found.items() if n == name and set(labels.items()) <= ls]
    return sum(matching) if matching else None


async def test_api_and_worker_expose_the_dashboard_metrics(
    ledger_database: Database, ledger_processes: Starter
) -> None:
    api = await ledger_processes("serve")
    worker = await ledger_processes("worker")
    async with httpx.AsyncClient(base_url=api.base_url) as client:
        for _ in range(3):
            answer = await client.post(
                "/graphql",
                json={
                    "query": "mutation Record($a: Int!) { recordEntry(amount: $a) { id } }",
                    "operationName": "Record",
                    "variables": {"a": 1},
                },
            )
            assert answer.status_code == 200, answer.text
        await client.post("/graphql", json={"query": "{ nothingHere }"})
    await eventually(lambda: effect_counts(ledger_database), lambda c: len(c) == 3)

    found = samples(await api.metrics())
    graphql = {"service": "ledger", "path": "/graphql"}
    assert value(found, "lokal_http_requests_total", **graphql, operation="Record") == 3
    assert value(found, "lokal_http_request_duration_seconds_count", operation="Record") == 3
    ok = {"service": "ledger", "operation": "Record", "outcome": "ok"}
    assert value(found, "lokal_graphql_operation_duration_seconds_count", **ok) == 3
    assert value(found, "lokal_graphql_operation_duration_seconds_count", outcome="error") == 1
    assert value(found, "lokal_db_pool_connections_in_use", service="ledger") == 0
    assert value(found, "lokal_db_pool_size", service="ledger") == 10

    async def worker_metrics() -> Samples:
        return samples(await worker.metrics())

    applied = {"consumer": "ledger.effects", "outcome": "applied"}
    found = await eventually(
        worker_metrics, lambda f: value(f, "lokal_events_consumed_total", **applied) == 3
    )
    assert value(found, "lokal_outbox_published_total", service="ledger") == 3
    assert value(found, "lokal_event_lag_seconds_count", consumer="ledger.effects") == 3
    assert value(found, "lokal_outbox_backlog", service="ledger") is not None
    assert value(found, "lokal_outbox_oldest_pending_age_seconds", service="ledger") is not None
    assert value(found, "lokal_consumer_queue_depth", consumer="ledger.effects") is not None
    assert value(found, "lokal_db_pool_size", service="ledger") == 10


async def test_logs_are_json_with_request_trace_and_operation_and_no_personal_data(
    ledger_processes: Starter, tmp_path: Path
) -> None:
    api = await ledger_processes("serve")
    settings = ServiceSettings()
    token = TokenIssuer(
        development_keys(tmp_path)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
    ).issue(uuid4(), [Role.MAKER])
    email = "anna.beispiel@example.org"
    async with httpx.AsyncClient(base_url=api.base_url) as client:
        answer = await client.post(
            "/graphql",
            headers={"authorization": f"Bearer {token}", "x-request-id": "req-4711"},
            json={
                "query": "mutation Record($a: Int!) { recordEntry(amount: $a) { id } }",
                "variables": {"a": 2, "contact": email},
            },
        )
    assert answer.status_code == 200, answer.text
    api.terminate()
    assert await api.wait() == 0

    text = api.log.read_text()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is JSON
    access = [line for line in lines if line.get("logger") == "lokal.access"]
    assert len(access) == 1, access
    (line,) = access
    assert line["request_id"] == "req-4711"
    assert line["operation"] == "Record"
    assert line["status"] == 200
    assert line["process"] == "ledger-api"
    assert len(line["trace_id"]) == 32
    assert answer.headers["x-trace-id"] == line["trace_id"]
    assert "127.0.0.1" not in json.dumps(line), "no client address"
    assert email not in text
    assert token not in text


async def test_retried_and_parked_deliveries_are_counted(
    ledger_database: Database,
    rabbit_brokers: Callable[..., Awaitable[RabbitBroker]],
    tmp_path: Path,
) -> None:
    settings = ledger.LedgerSettings(
        data_dir=tmp_path,
        database_url=ledger_database.url.render_as_string(hide_password=False),
        handler_fails=True,
    )
    service = ledger.bootstrap(settings)
    broker = await rabbit_brokers()
    worker = Worker(service, broker, retry_delays=(0.05,), poll_interval=0.1)
    outcomes = {"consumer": "ledger.effects", "event_type": "ledger.entry.recorded.v1"}
    before = samples(generate_latest().decode())
    await worker.start()
    try:
        await record_entries(service.uow_factory, 1)
        await eventually(lambda: broker.parked("ledger.effects"), lambda p: len(p) == 1)
        found = samples(generate_latest().decode())
    finally:
        await worker.stop(5)
        await service.database.dispose()
    for outcome in ("retried", "parked"):
        counted = value(found, "lokal_events_consumed_total", **outcomes, outcome=outcome)
        earlier = value(before, "lokal_events_consumed_total", **outcomes, outcome=outcome)
        assert (counted or 0) - (earlier or 0) == 1, outcome
