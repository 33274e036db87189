"""Finding the PostgreSQL and RabbitMQ servers tests run against.

In order: the URL in LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL; the
standard local ports; a testcontainers container where a Docker engine answers.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import asyncpg

LOCAL_POSTGRES = (
    "postgresql://root@127.0.0.1:5432/postgres",
    "postgresql://postgres@127.0.0.1:5432/postgres",
)
LOCAL_AMQP = ("amqp://guest:guest@127.0.0.1:5672/",)


def services_required() -> bool:
    """In CI a missing server is a failure, not a reason to skip."""
    return (
        os.environ.get("CI", "").lower() == "true"
        or os.environ.get("LOKAL_REQUIRE_SERVICES") == "1"
    )


@dataclass
class Found:
    url: str | None
    why_not: str = ""
    containers: list[AbstractContextManager[Any]] = field(default_factory=list)


async def _postgres_answers(url: str) -> bool:
    try:
        connection = await asyncpg.connect(url, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def _amqp_answers(url: str) -> bool:
    try:
        connection = await aio_pika.connect(url, timeout=3)
    except (OSError, aio_pika.exceptions.AMQPError, TimeoutError, ConnectionError):
        return False
    await connection.close()
    return True


def _docker_answers() -> bool:
    try:
        import docker  # comes with testcontainers

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


async def find_postgres() -> Found:
    configured = os.environ.get("LOKAL_TEST_POSTGRES_URL")
    candidates = (configured,) if configured else LOCAL_POSTGRES
    for url in candidates:
        if await _postgres_answers(_plain(url)):
            return Found(_plain(url))
    if configured:
        return Found(None, f"LOKAL_TEST_POSTGRES_URL={configured} does not answer")
    if _docker_answers():
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer("postgres:16-alpine", driver=None)
        container.start()
        return Found(container.get_connection_url(), containers=[container])
    return Found(
        None, "no PostgreSQL on 127.0.0.1:5432 (users root, postgres) and no Docker engine"
    )


async def find_rabbitmq() -> Found:
    configured = os.environ.get("LOKAL_TEST_AMQP_URL")
    candidates = (configured,) if configured else LOCAL_AMQP
    for url in candidates:
        if await _amqp_answers(url):
            return Found(url)
    if configured:
        return Found(None, f"LOKAL_TEST_AMQP_URL={configured} does not answer")
    if _docker_answers():
        from testcontainers.rabbitmq import RabbitMqContainer

        container = RabbitMqContainer("rabbitmq:3.13-alpine")
        container.start()
        params = container.get_connection_params()
        url = f"amqp://guest:guest@{params.host}:{params.port}/"
        return Found(url, containers=[container])
    return Found(None, "no RabbitMQ on 127.0.0.1:5672 (guest/guest) and no Docker engine")


def _plain(url: str) -> str:
    """asyncpg wants postgresql://; SQLAlchemy URLs name the driver."""
    return url.replace("postgresql+asyncpg://", "postgresql://")


def sqlalchemy_url(plain_url: str, database: str) -> str:
    base = plain_url.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{database}"
