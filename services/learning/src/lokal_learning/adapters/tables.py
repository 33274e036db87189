"""The learning service's tables, beside the kit's outbox, inbox and applied versions."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
)

from lokal_kit.messaging.tables import add_messaging_tables
from lokal_kit.sqltypes import UtcDateTime, new_metadata

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

curriculum_templates = Table(
    "curriculum_templates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
)

curriculum_items = Table(
    "curriculum_items",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "template_id",
        Uuid,
        ForeignKey("curriculum_templates.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("offset_days", Integer, nullable=False),
    Column("start_time", Time, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("format", String(20), nullable=False),
    Column("mandatory", Boolean, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("occurrences", Integer, nullable=False),
    Column("repeat_every_days", Integer, nullable=True),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("period", String(7), nullable=False, unique=True),
    Column("starts_on", Date, nullable=False),
    Column("template_id", Uuid, ForeignKey("curriculum_templates.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("cohort_id", Uuid, ForeignKey("cohorts.id"), nullable=True),
    Column("template_item_id", Uuid, nullable=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("format", String(20), nullable=False),
    Column("location", String(300), nullable=True),
    Column("online_url", String(500), nullable=True),
    Column("facilitator_id", Uuid, nullable=True, index=True),
    Column("capacity", Integer, nullable=False),
    Column("mandatory", Boolean, nullable=False),
    Column("one_to_one", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("next_position", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_sessions_cohort_starts", "cohort_id", "starts_at", "id"),
)

participations = Table(
    "session_participations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("session_id", "person_id"),
)

attendances = Table(
    "attendances",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("recorded_by", Uuid, nullable=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("session_id", "person_id"),
)

enrollments = Table(
    "enrollments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("cohort_id", Uuid, ForeignKey("cohorts.id"), nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("placement_id", Uuid, nullable=True, unique=True),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("coach_id", Uuid, nullable=True, index=True),
    Column("status", String(20), nullable=False),
    Column("enrolled_at", UtcDateTime, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint("cohort_id", "person_id"),
)

completions = Table(
    "completions",
    metadata,
    Column(
        "enrollment_id",
        Uuid,
        ForeignKey("enrollments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("cohort_id", Uuid, ForeignKey("cohorts.id"), nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("ended_on", Date, nullable=False),
    Column("mandatory_attended", Integer, nullable=False),
    Column("mandatory_due", Integer, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

coaches = Table(
    "coaches",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("max_makers", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
)

check_ins = Table(
    "check_ins",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "enrollment_id",
        Uuid,
        ForeignKey("enrollments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("maker_id", Uuid, nullable=False, index=True),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("author_id", Uuid, nullable=False, index=True),
    Column("held_on", Date, nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

calendar_tokens = Table(
    "calendar_tokens",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("programme_access", Boolean, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
)

# What stays of erased people: counts without anyone behind them.
anonymous_counts = Table(
    "anonymous_counts",
    metadata,
    Column("scope_id", Uuid, primary_key=True),
    Column("metric", String(40), primary_key=True),
    Column("total", Integer, nullable=False),
)
