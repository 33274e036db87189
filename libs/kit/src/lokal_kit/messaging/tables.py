"""The outbox, inbox and applied-version tables, added to each service's own metadata."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

from lokal_kit.sqltypes import AutoIncrementId, UtcDateTime


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table
    applied_versions: Table


def add_messaging_tables(metadata: MetaData) -> MessagingTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("position", AutoIncrementId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("envelope", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("published_at", UtcDateTime, nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UtcDateTime, nullable=False),
        Column("last_error", String(500), nullable=True),
    )
    pending = outbox.c.published_at.is_(None)
    Index(
        "ix_outbox_pending",
        outbox.c.position,
        postgresql_where=pending,
        sqlite_where=pending,
    )
    Index("ix_outbox_published_at", outbox.c.published_at)
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(200), nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("received_at", UtcDateTime, nullable=False, index=True),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    applied_versions = Table(
        "applied_versions",
        metadata,
        Column("consumer", String(200), nullable=False),
        Column("aggregate", String(200), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("version", BigInteger, nullable=False),
        PrimaryKeyConstraint("consumer", "aggregate", "subject"),
    )
    return MessagingTables(outbox=outbox, inbox=inbox, applied_versions=applied_versions)
