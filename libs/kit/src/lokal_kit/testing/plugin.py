"""pytest fixtures every service's tests use (registered through the `pytest11` entry point).

- `postgres_server`, `postgres_databases`: a fresh PostgreSQL database per call,
  dropped after the run.
- `amqp_url`, `rabbit_brokers`: RabbitMQ brokers under a namespace of their own,
  deleted after the test.
- `token_issuer`, `token_verifier`: a key pair made for the run.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import aio_pika
import asyncpg
import pytest

from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier, generate_key_pair
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.testing.servers import (
    Found,
    find_postgres,
    find_rabbitmq,
    services_required,
    sqlalchemy_url,
)

ISSUER = "https://auth.test.invalid/"
AUDIENCE = "lokalprojekte"

DatabaseFactory = Callable[[str], Awaitable[str]]
BrokerFactory = Callable[..., Awaitable[RabbitBroker]]


def _require(found: Found, what: str, variable: str) -> str:
    if found.url is None:
        message = f"{what} unavailable: {found.why_not} (set {variable})"
        if services_required():
            pytest.fail(f"{message}; CI=true or LOKAL_REQUIRE_SERVICES=1 requires it")
        pytest.skip(message)
    return found.url


def _stop(found: Found) -> None:
    for container in found.containers:
        container.__exit__(None, None, None)


@pytest.fixture(scope="session")
async def postgres_server() -> AsyncIterator[str]:
    found = await find_postgres()
    yield _require(found, "PostgreSQL", "LOKAL_TEST_POSTGRES_URL")
    _stop(found)


@pytest.fixture(scope="session")
async def amqp_url() -> AsyncIterator[str]:
    found = await find_rabbitmq()
    yield _require(found, "RabbitMQ", "LOKAL_TEST_AMQP_URL")
    _stop(found)


@pytest.fixture(scope="session")
async def postgres_databases(postgres_server: str) -> AsyncIterator[DatabaseFactory]:
    """Creates an empty database per call; all of them are dropped when the run ends."""
    created: list[str] = []
    run = uuid.uuid4().hex[:8]

    async def create(label: str) -> str:
        name = f"lokal_t_{run}_{label}_{len(created)}"
        connection = await asyncpg.connect(postgres_server)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return sqlalchemy_url(postgres_server, name)

    yield create
    connection = await asyncpg.connect(postgres_server)
    try:
        for name in created:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture
async def rabbit_brokers(amqp_url: str) -> AsyncIterator[BrokerFactory]:
    """Started brokers sharing one namespace unique to the test; its queues go with the test.

    Pass a URL to reach the broker another way (through a `CuttableProxy`, say).
    """
    namespace = f"t{uuid.uuid4().hex[:10]}"
    brokers: list[RabbitBroker] = []

    async def create(url: str | None = None) -> RabbitBroker:
        broker = RabbitBroker(
            url or amqp_url, namespace=namespace, connection_name=f"test-{namespace}"
        )
        brokers.append(broker)
        await broker.start()
        return broker

    yield create
    declared = set().union(*(broker.declared for broker in brokers)) if brokers else set()
    for broker in brokers:
        await broker.close()
    if brokers:
        connection = await aio_pika.connect(amqp_url)
        async with connection, connection.channel() as channel:
            for name in sorted(declared):
                await channel.queue_delete(name)
            await channel.exchange_delete(brokers[0].exchange_name)


@pytest.fixture(scope="session")
def token_keys() -> tuple[bytes, bytes]:
    return generate_key_pair()


@pytest.fixture(scope="session")
def token_issuer(token_keys: tuple[bytes, bytes]) -> TokenIssuer:
    return TokenIssuer(token_keys[0], issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture(scope="session")
def token_verifier(token_keys: tuple[bytes, bytes]) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, public_key_pem=token_keys[1])
