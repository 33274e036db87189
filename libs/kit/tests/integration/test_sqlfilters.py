"""`one_of` selects the same rows as IN on both databases, whatever the number of values.

The statement is cached once and run with other values: a value bound at compile time
instead of through the cache key would answer the first list's rows again.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import Column, MetaData, String, Table, Uuid, insert, select

from lokal_kit.db import Database
from lokal_kit.sqlfilters import one_of

metadata = MetaData()
things = Table(
    "sqlfilter_things", metadata, Column("id", Uuid, primary_key=True), Column("name", String(10))
)


async def test_one_of_selects_the_listed_rows(ledger_db: Database) -> None:
    ids = [uuid4() for _ in range(5)]
    async with ledger_db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.execute(
            insert(things), [{"id": i, "name": f"n{n}"} for n, i in enumerate(ids)]
        )

    async def named(wanted: list[UUID]) -> list[str]:
        query = select(things.c.name).where(one_of(things.c.id, wanted)).order_by(things.c.name)
        async with ledger_db.session() as session:
            return list((await session.execute(query)).scalars())

    assert await named(ids[:2]) == ["n0", "n1"]
    assert await named(ids[1:4]) == ["n1", "n2", "n3"]
    assert await named([]) == []
    assert await named([ids[4], uuid4()]) == ["n4"]
