"""Typed errors reach the client with their code; unexpected ones are masked and logged."""

from __future__ import annotations

import logging

import pytest
import strawberry
from sqlalchemy.exc import DBAPIError

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_kit.graphql.errors import ErrorPolicy


@strawberry.type
class Query:
    @strawberry.field
    def bad_input(self) -> str:
        raise InvalidInput("AGS must have 8 digits", field="ags")

    @strawberry.field
    def illegal(self) -> str:
        raise IllegalTransition("project", "draft", "complete", "it never ran")

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("connection string postgres://secret@db leaked")


schema = strawberry.Schema(query=Query, extensions=[ErrorPolicy])


async def test_a_typed_error_keeps_its_code_and_field() -> None:
    result = await schema.execute("{ badInput }")
    assert result.errors is not None
    assert result.errors[0].message == "AGS must have 8 digits"
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "ags"}


async def test_an_illegal_transition_says_what_and_why() -> None:
    result = await schema.execute("{ illegal }")
    assert result.errors is not None
    assert result.errors[0].message == "cannot complete a project that is draft: it never ran"
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "ILLEGAL_TRANSITION"


async def test_an_unexpected_error_is_masked_and_logged_with_a_trace_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        result = await schema.execute("{ broken }")
    assert result.errors is not None
    error = result.errors[0]
    assert "secret" not in error.message
    assert error.extensions is not None
    assert error.extensions["code"] == "INTERNAL_SERVER_ERROR"
    trace_id = error.extensions["traceId"]
    assert trace_id in error.message
    assert any(trace_id in record.getMessage() for record in caplog.records)


async def test_a_validation_error_is_labelled_as_such() -> None:
    result = await schema.execute("{ nope }")
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}


@strawberry.type
class DatabaseQuery:
    @strawberry.field
    def projects(self) -> str:
        raise DBAPIError("SELECT 1", {}, ConnectionError("gone"), connection_invalidated=True)


async def test_a_lost_database_connection_asks_the_client_to_try_again() -> None:
    result = await strawberry.Schema(query=DatabaseQuery, extensions=[ErrorPolicy]).execute(
        "{ projects }"
    )
    assert result.errors is not None
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "SERVICE_UNAVAILABLE"
    assert "try again" in result.errors[0].message
