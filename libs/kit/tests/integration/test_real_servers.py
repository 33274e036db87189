"""The fixtures talk to the real servers, and keep test databases apart."""

from __future__ import annotations

import asyncio
import uuid

import aio_pika
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from lokal_kit.db import Database
from lokal_kit.testing.plugin import DatabaseFactory

metadata = MetaData()
notes = Table(
    "notes", metadata, Column("id", Integer, primary_key=True), Column("text", String(50))
)


async def _create(url: str) -> Database:
    database = Database(url)
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    return database


async def test_a_row_written_to_postgres_is_read_back(postgres_databases: DatabaseFactory) -> None:
    database = await _create(await postgres_databases("fixture"))
    try:
        async with database.session() as session, session.begin():
            await session.execute(notes.insert().values(id=1, text="Eschwege"))
        async with database.session() as session:
            assert (await session.execute(select(notes.c.text))).scalars().all() == ["Eschwege"]
            version = (await session.execute(select(func.version()))).scalar_one()
        assert "PostgreSQL" in version
    finally:
        await database.dispose()


async def test_two_test_databases_do_not_see_each_others_rows(
    postgres_databases: DatabaseFactory,
) -> None:
    first = await _create(await postgres_databases("left"))
    second = await _create(await postgres_databases("right"))
    try:
        async with first.session() as session, session.begin():
            await session.execute(notes.insert().values(id=1, text="only in the first"))
        async with second.session() as session:
            assert (await session.execute(select(notes))).all() == []
        async with first.session() as session:
            assert len((await session.execute(select(notes))).all()) == 1
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_message_published_to_rabbitmq_is_consumed(amqp_url: str) -> None:
    queue_name = f"t{uuid.uuid4().hex[:10]}.fixture"
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue(queue_name, auto_delete=True)
        await channel.default_exchange.publish(aio_pika.Message(b"hello"), routing_key=queue_name)
        message = None
        for _ in range(50):
            message = await queue.get(no_ack=True, fail=False)
            if message is not None:
                break
            await asyncio.sleep(0.05)
        assert message is not None
        assert message.body == b"hello"
        await queue.delete()


@pytest.mark.parametrize("label", ["a", "b"])
async def test_each_call_creates_a_fresh_database(
    postgres_databases: DatabaseFactory, label: str
) -> None:
    url = await postgres_databases(label)
    database = await _create(url)
    try:
        async with database.session() as session:
            assert (await session.execute(select(notes))).all() == []
    finally:
        await database.dispose()
