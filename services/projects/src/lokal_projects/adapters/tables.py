"""The projects service's own tables (and the kit's outbox, inbox and applied versions)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

from lokal_kit.messaging.tables import add_messaging_tables
from lokal_kit.sqltypes import JsonDocument, UtcDateTime, new_metadata

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

municipalities = Table(
    "municipalities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("ags", String(8), nullable=False, unique=True),
    Column("state_code", String(2), nullable=False, index=True),
    Column("name", String(200), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("population", Integer, nullable=True),
    Column("address", String(300), nullable=True),
    Column("website", String(300), nullable=True),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

municipality_contacts = Table(
    "municipality_contacts",
    metadata,
    Column(
        "municipality_id",
        Uuid,
        ForeignKey("municipalities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("municipality_id", "person_id"),
)

applications = Table(
    "municipality_applications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipalities.id"), nullable=False, index=True),
    Column("round", String(40), nullable=False),
    Column("motivation", Text, nullable=False),
    Column("problem", Text, nullable=False),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("status", String(20), nullable=False),
    Column("decision_reason", Text, nullable=True),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("version", Integer, nullable=False),
)
# one open or accepted application per Kommune and round, also when two arrive at once
_blocking = applications.c.status.in_(["submitted", "in_review", "accepted"])
Index(
    "uq_municipality_applications_blocking_round",
    applications.c.municipality_id,
    applications.c.round,
    unique=True,
    postgresql_where=_blocking,
    sqlite_where=_blocking,
)

projects = Table(
    "projects",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipalities.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("goal", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("topic", String(40), nullable=False),
    Column("seats", JsonDocument, nullable=False),
    Column("duration_months", Integer, nullable=False),
    Column("planned_start", Date, nullable=False),
    Column("work_mode", String(20), nullable=False),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("published_at", UtcDateTime, nullable=True),
    Column("started_on", Date, nullable=True),
    Column("completed_on", Date, nullable=True),
    Column("cancelled_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("duration_months BETWEEN 6 AND 12", name="duration"),
)
# the order of every project listing, and its keyset cursor
Index("ix_projects_planned_start_id", projects.c.planned_start, projects.c.id)

project_requirements = Table(
    "project_requirements",
    metadata,
    Column("project_id", Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("competence_id", String(300), nullable=False, index=True),
    Column("min_level", Integer, nullable=False),
    Column("must_have", Boolean, nullable=False),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("project_id", "competence_id"),
    CheckConstraint("min_level BETWEEN 1 AND 4", name="level"),
)

project_members = Table(
    "project_members",
    metadata,
    Column("placement_id", Uuid, primary_key=True),
    Column(
        "project_id",
        Uuid,
        ForeignKey("projects.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seat_index", Integer, nullable=False),
    Column("person_id", Uuid, nullable=True, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("outcome", String(30), nullable=True),
)
