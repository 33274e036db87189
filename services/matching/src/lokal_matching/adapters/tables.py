"""Matching's own tables: read models, placements, proposals, runs, pay rates."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
)

from lokal_kit.messaging.tables import add_messaging_tables
from lokal_kit.sqltypes import JsonDocument, UtcDateTime, new_metadata

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

makers = Table(
    "makers",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("stage", String(20), nullable=False),
    Column("competences", JsonDocument, nullable=False),
    Column("earliest_start", Date, nullable=False),
    Column("months", Integer, nullable=False),
    Column("states", JsonDocument, nullable=False),
    Column("ags_prefixes", JsonDocument, nullable=False),
    Column("willing_to_relocate", Boolean, nullable=False),
    Column("topics", JsonDocument, nullable=False),
    Column("background", String(30), nullable=False),
    Column("experience_years", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

erased_persons = Table(
    "erased_persons",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("erasure_id", Uuid, nullable=False),
    Column("erased_at", UtcDateTime, nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("project_id", Uuid, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("municipality_id", Uuid, nullable=False, index=True),
    Column("ags", String(8), nullable=False),
    Column("topic", String(40), nullable=False),
    Column("requirements", JsonDocument, nullable=False),
    Column("seats", JsonDocument, nullable=False),
    Column("planned_start", Date, nullable=False),
    Column("duration_months", Integer, nullable=False),
    Column("work_mode", String(20), nullable=False),
    Column("mentor_id", Uuid, nullable=True),
    Column("status", String(20), nullable=False, index=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

pool_revisions = Table(
    "pool_revisions",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("revision", BigInteger, nullable=False),
)
"""A counter per read model that every change bumps, so caches know when to rebuild."""

pay_rates = Table(
    "pay_rates",
    metadata,
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("pay_group", String(4), nullable=False),
    Column("step", Integer, nullable=False),
    Column("monthly_gross_eur", Numeric(10, 2), nullable=False),
    Column("status", String(20), nullable=False),
    PrimaryKeyConstraint("valid_from", "pay_group", "step"),
)

placements = Table(
    "placements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("project_id", Uuid, nullable=False, index=True),
    Column("municipality_id", Uuid, nullable=False, index=True),
    Column("person_id", Uuid, nullable=True, index=True),
    Column("seat_index", Integer, nullable=False),
    Column("pay_group", String(4), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("step", Integer, nullable=False),
    Column("step_override_reason", String(500), nullable=True),
    Column("state", String(20), nullable=False),
    Column("mentor_id", Uuid, nullable=True, index=True),
    Column("proposal_id", Uuid, nullable=True),
    Column("accepted_at", UtcDateTime, nullable=True),
    Column("municipality_confirmed_by", Uuid, nullable=True),
    Column("municipality_confirmed_at", UtcDateTime, nullable=True),
    Column("programme_confirmed_by", Uuid, nullable=True),
    Column("programme_confirmed_at", UtcDateTime, nullable=True),
    Column("activated_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("closing_reason", String(500), nullable=True),
    Column("version", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)
_holds_seat = placements.c.state.in_(["confirmed", "active"])
# the last line of defence when two confirmations of one seat race
Index(
    "uq_placements_seat_held",
    placements.c.project_id,
    placements.c.seat_index,
    unique=True,
    postgresql_where=_holds_seat,
    sqlite_where=_holds_seat,
)

matching_runs = Table(
    "matching_runs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("status", String(20), nullable=False),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("duration_ms", Integer, nullable=False),
    Column("started_by", Uuid, nullable=True),
    Column("objective", Float, nullable=False),
    Column("coverage", Float, nullable=False),
    Column("baseline_objective", Float, nullable=False),
    Column("baseline_coverage", Float, nullable=False),
    Column("gap", Float, nullable=False),
    Column("settings", JsonDocument, nullable=False),
    Column("inputs", JsonDocument, nullable=False),
    Column("outcomes", JsonDocument, nullable=False),
    Column("unfilled_seats", JsonDocument, nullable=False),
)

run_makers = Table(
    "run_makers",
    metadata,
    Column("run_id", Uuid, ForeignKey("matching_runs.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("version", BigInteger, nullable=False),
    Column("project_id", Uuid, nullable=True),
    Column("seat_index", Integer, nullable=True),
    Column("fit", Float, nullable=True),
    PrimaryKeyConstraint("run_id", "person_id"),
)
"""Every maker a run considered, and where it put them (nowhere: unassigned)."""

team_proposals = Table(
    "team_proposals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("project_id", Uuid, nullable=False, index=True),
    Column("run_id", Uuid, ForeignKey("matching_runs.id", ondelete="SET NULL"), nullable=True),
    Column("status", String(20), nullable=False),
    Column("solver_status", String(20), nullable=False),
    Column("total_fit", Float, nullable=False),
    Column("gap", Float, nullable=False),
    Column("requirements", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Uuid, nullable=True),
)

proposal_members = Table(
    "proposal_members",
    metadata,
    Column(
        "proposal_id", Uuid, ForeignKey("team_proposals.id", ondelete="CASCADE"), nullable=False
    ),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("seat_index", Integer, nullable=False),
    Column("fit", Float, nullable=False),
    PrimaryKeyConstraint("proposal_id", "person_id"),
)
