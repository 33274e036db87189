"""Deterministic in-memory data of the miniature platform, shaped like the real one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.UUID("6f1d2c4e-8a0b-4c3d-9e5f-112233445566")
PROJECTS = 120
PEOPLE = 48
MUNICIPALITIES = 6
COHORTS = 4
HIDDEN_PERSON = 47
"""This person's record may not be shown: `_entities` answers FORBIDDEN for them.

They mentor a project (so a hop reaches them) but are placed nowhere."""


def ident(kind: str, number: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}-{number}"))


@dataclass(frozen=True)
class MunicipalityRow:
    id: str
    name: str
    state: str


@dataclass(frozen=True)
class ProjectRow:
    id: str
    title: str
    budget_cents: int
    municipality_id: str
    mentor_id: str
    status: str


@dataclass(frozen=True)
class PersonRow:
    id: str
    name: str
    email: str
    skills: tuple[str, ...]


@dataclass(frozen=True)
class PlacementRow:
    id: str
    project_id: str
    person_id: str
    role: str
    cohort_id: str | None


@dataclass(frozen=True)
class CohortRow:
    id: str
    name: str
    starts_on: str


STATES = ("Hessen", "Bayern", "Sachsen")
MUNICIPALITY_ROWS = [
    MunicipalityRow(ident("municipality", i), f"Gemeinde {i}", STATES[i % len(STATES)])
    for i in range(MUNICIPALITIES)
]
PEOPLE_ROWS = [
    PersonRow(
        ident("person", i),
        f"Person {i}",
        f"person{i}@example.org",
        tuple(("python", "law", "design", "ops")[j % 4] for j in range(i % 3 + 1)),
    )
    for i in range(PEOPLE)
]
PROJECT_ROWS = [
    ProjectRow(
        ident("project", i),
        f"Project {i}",
        100_000 * (i % 7 + 1),
        MUNICIPALITY_ROWS[i % MUNICIPALITIES].id,
        PEOPLE_ROWS[i % PEOPLE].id,
        ("DRAFT", "PUBLISHED", "STAFFED")[i % 3],
    )
    for i in range(PROJECTS)
]
COHORT_ROWS = [
    CohortRow(ident("cohort", i), f"Cohort {i}", f"2027-0{i + 1}-01") for i in range(COHORTS)
]
PLACEMENT_ROWS = [
    PlacementRow(
        ident("placement", i * 2 + j),
        project.id,
        PEOPLE_ROWS[(i * 2 + j) % HIDDEN_PERSON].id,
        ("lead", "member")[j],
        COHORT_ROWS[i % COHORTS].id if (i + j) % 5 else None,
    )
    for i, project in enumerate(PROJECT_ROWS)
    for j in range(2)
]
HIDDEN_PERSON_ID = PEOPLE_ROWS[HIDDEN_PERSON].id

MUNICIPALITY_BY_ID = {row.id: row for row in MUNICIPALITY_ROWS}
PROJECT_BY_ID = {row.id: row for row in PROJECT_ROWS}
PERSON_BY_ID = {row.id: row for row in PEOPLE_ROWS}
PLACEMENT_BY_ID = {row.id: row for row in PLACEMENT_ROWS}
COHORT_BY_ID = {row.id: row for row in COHORT_ROWS}
