"""Migrations and models agree: after `upgrade`, autogenerate finds nothing left to do."""

from __future__ import annotations

import ledger_service

from lokal_kit.db import Database
from lokal_kit.migrations import pending_changes


async def test_migrations_match_the_models(ledger_db: Database) -> None:
    assert await pending_changes(ledger_db, ledger_service.metadata) == []


async def test_a_model_change_without_migration_is_detected(ledger_db: Database) -> None:
    from sqlalchemy import Column, String, Table

    from lokal_kit.sqltypes import new_metadata

    changed = new_metadata()
    for table in ledger_service.metadata.tables.values():
        table.to_metadata(changed)
    Table("ledger_notes", changed, Column("text", String(20), primary_key=True))
    diff = await pending_changes(ledger_db, changed)
    assert [change[0] for change in diff] == ["add_table"]
