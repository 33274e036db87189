"""Text with U+0000 is the client's mistake on PostgreSQL (which cannot store it), not a bug.

Found by issue 10's hostile sweep: such a name reached the database and the client got a
masked INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import pytest
import strawberry
from sqlalchemy import text

from lokal_kit.db import Database
from lokal_kit.graphql.errors import ErrorPolicy
from lokal_kit.testing.plugin import DatabaseFactory


@pytest.mark.postgres
async def test_a_nul_character_is_bad_user_input(postgres_databases: DatabaseFactory) -> None:
    database = Database(await postgres_databases("nul"))

    @strawberry.type
    class Query:
        @strawberry.field
        async def store(self, name: str) -> str:
            async with database.session() as session:
                stored = await session.scalar(text("SELECT CAST(:name AS text)"), {"name": name})
            return str(stored)

    schema = strawberry.Schema(query=Query, extensions=[ErrorPolicy])
    try:
        fine = await schema.execute('{ store(name: "Görlitz") }')
        assert fine.data == {"store": "Görlitz"}
        result = await schema.execute('{ store(name: "Gör\\u0000litz") }')
    finally:
        await database.dispose()
    assert result.errors is not None
    (error,) = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT"}
    assert error.message == "text must not contain the NUL character (U+0000)"
