"""The people service's tables, on its own metadata (with the kit's outbox and inbox)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from lokal_kit.messaging.tables import add_messaging_tables
from lokal_kit.sqltypes import AutoIncrementId, JsonDocument, UtcDateTime, new_metadata

metadata = new_metadata()
messaging = add_messaging_tables(metadata)


def _person_fk() -> ForeignKey:
    return ForeignKey("persons.id", ondelete="CASCADE")


persons = Table(
    "persons",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("email_key", String(320), nullable=False, unique=True),
    Column("work_email", String(320), nullable=True),
    Column("phone", String(32), nullable=True),
    Column("preferred_language", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

person_roles = Table(
    "person_roles",
    metadata,
    Column("person_id", Uuid, _person_fk(), primary_key=True),
    Column("role", String(30), primary_key=True, index=True),
)

person_municipalities = Table(
    "person_municipalities",
    metadata,
    Column("person_id", Uuid, _person_fk(), primary_key=True),
    Column("municipality_id", Uuid, primary_key=True, index=True),
)

consents = Table(
    "consents",
    metadata,
    Column("id", AutoIncrementId, primary_key=True, autoincrement=True),
    Column("person_id", Uuid, _person_fk(), nullable=False, index=True),
    Column("purpose", String(40), nullable=False),
    Column("privacy_notice_version", String(40), nullable=False),
    Column("given_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
)

maker_profiles = Table(
    "maker_profiles",
    metadata,
    Column("person_id", Uuid, _person_fk(), primary_key=True),
    Column("background", String(30), nullable=False),
    Column("experience_years", Integer, nullable=False),
    Column("earliest_start", Date, nullable=False, index=True),
    Column("months", Integer, nullable=False),
    Column("workload", String(20), nullable=False),
    Column("willing_to_relocate", Boolean, nullable=False),
    Column("topics", JsonDocument, nullable=False),
    Column("links", JsonDocument, nullable=False),
)

maker_regions = Table(
    "maker_regions",
    metadata,
    Column("person_id", Uuid, _person_fk(), primary_key=True),
    Column("kind", String(10), primary_key=True),
    Column("ags_prefix", String(8), primary_key=True),
)

competences = Table(
    "competences",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("label", String(300), nullable=False),
    Column("label_key", String(300), nullable=False, index=True),
    Column("label_de", String(300), nullable=True),
    Column("type", String(20), nullable=False),
    Column("broader", JsonDocument, nullable=False),
    Column("alt_labels", JsonDocument, nullable=False),
    Column("description", Text, nullable=False),
    Column("search_text", Text, nullable=False),
)

maker_competences = Table(
    "maker_competences",
    metadata,
    Column("person_id", Uuid, _person_fk(), primary_key=True),
    Column("competence_id", String(255), ForeignKey("competences.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("level", Integer, nullable=False),
    Column("years", Integer, nullable=True),
    Column("evidence", Text, nullable=True),
)

competence_roles = Table(
    "competence_roles",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("label", String(200), nullable=False),
    Column("description", Text, nullable=False),
)

competence_role_items = Table(
    "competence_role_items",
    metadata,
    Column(
        "role_id",
        String(60),
        ForeignKey("competence_roles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("competence_id", String(255), ForeignKey("competences.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("level", Integer, nullable=False),
)

maker_applications = Table(
    "maker_applications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_id", Uuid, _person_fk(), nullable=False, unique=True),
    Column("stage", String(20), nullable=False, index=True),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("decision_outcome", String(20), nullable=True),
    Column("decided_by", Uuid, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
)


def _application_fk() -> ForeignKey:
    return ForeignKey("maker_applications.id", ondelete="CASCADE")


stage_changes = Table(
    "application_stage_changes",
    metadata,
    Column("id", AutoIncrementId, primary_key=True, autoincrement=True),
    Column("application_id", Uuid, _application_fk(), nullable=False, index=True),
    Column("stage", String(20), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("changed_by", Uuid, nullable=True),
)

scorecards = Table(
    "scorecards",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("application_id", Uuid, _application_fk(), nullable=False, index=True),
    Column("interviewer_id", Uuid, nullable=True),
    Column("recorded_at", UtcDateTime, nullable=False),
)

scorecard_ratings = Table(
    "scorecard_ratings",
    metadata,
    Column(
        "scorecard_id",
        Uuid,
        ForeignKey("scorecards.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("criterion", String(20), primary_key=True),
    Column("score", Integer, nullable=False),
    Column("note", Text, nullable=False),
)

placements = Table(
    "maker_placements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("project_id", Uuid, nullable=False),
    Column("municipality_id", Uuid, nullable=False, index=True),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
)

erasure_requests = Table(
    "erasure_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("requested_by", Uuid, nullable=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("participants", JsonDocument, nullable=False),
)

erasure_confirmations = Table(
    "erasure_confirmations",
    metadata,
    Column(
        "erasure_id",
        Uuid,
        ForeignKey("erasure_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("service", String(40), primary_key=True),
    Column("confirmed_at", UtcDateTime, nullable=False),
)
