"""Fixtures of the people tests: a migrated PostgreSQL database, GraphQL as a principal."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text

from lokal_kit.auth import ANONYMOUS, Principal
from lokal_kit.auth.principal import Role
from lokal_kit.db import Database
from lokal_kit.service import Service
from lokal_kit.testing.database import migrated
from lokal_kit.testing.plugin import DatabaseFactory
from lokal_people.adapters import tables
from lokal_people.bootstrap import MIGRATIONS, bootstrap
from lokal_people.catalogue import default_competences, default_roles
from lokal_people.seed import skills
from lokal_people.service import catalogue
from lokal_people.service.unit_of_work import PeopleUnitOfWork
from lokal_people.settings import PeopleSettings

# The catalogue is loaded once per run; everything else is emptied after each test.
CATALOGUE_TABLES = {"competences", "competence_roles", "competence_role_items"}


async def _empty_all_but_catalogue(database: Database) -> None:
    names = [t.name for t in tables.metadata.sorted_tables if t.name not in CATALOGUE_TABLES]
    quoted = ", ".join(f'"{name}"' for name in names)
    async with database.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY"))


@pytest.fixture(scope="session")
async def people_url(postgres_databases: DatabaseFactory) -> str:
    url = await postgres_databases("people")
    database = await migrated(url, MIGRATIONS)
    uow = PeopleUnitOfWork(database, tables.messaging, source="/lokal/people")
    await catalogue.put_competences(uow, default_competences())
    await catalogue.put_roles(
        PeopleUnitOfWork(database, tables.messaging, source="/lokal/people"), default_roles()
    )
    await database.dispose()
    return url


@pytest.fixture
async def people(people_url: str) -> AsyncIterator[Service]:
    service = bootstrap(PeopleSettings(database_url=people_url, environment="test"))
    yield service
    await _empty_all_but_catalogue(service.database)
    await service.database.dispose()


@pytest.fixture
def uow(people: Service) -> Callable[[], PeopleUnitOfWork]:
    def create() -> PeopleUnitOfWork:
        made = people.uow_factory()
        assert isinstance(made, PeopleUnitOfWork)
        return made

    return create


@dataclass
class Result:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]

    @property
    def code(self) -> str | None:
        return self.errors[0]["extensions"].get("code") if self.errors else None

    @property
    def field(self) -> str | None:
        return self.errors[0]["extensions"].get("field") if self.errors else None


GraphQL = Callable[..., Awaitable[Result]]


@pytest.fixture
def gql(people: Service) -> GraphQL:
    """Run a GraphQL operation against the subgraph as the given principal."""

    async def run(query: str, principal: Principal = ANONYMOUS, **variables: Any) -> Result:
        # a copy: strawberry's _entities consumes the representations it is given
        result = await people.schema.execute(
            query,
            variable_values=copy.deepcopy(variables),
            context_value=people.context_factory(principal),
        )
        errors = [error.formatted for error in result.errors or []]
        return Result(result.data, errors)

    return run


class Principals:
    """Principals of each role, for `gql(query, who.programme(), ...)`."""

    @staticmethod
    def programme(person_id: UUID | None = None) -> Principal:
        return Principal(person_id=person_id or uuid4(), roles=frozenset({Role.PROGRAMME}))

    @staticmethod
    def maker(person_id: UUID | None = None) -> Principal:
        return Principal(person_id=person_id or uuid4(), roles=frozenset({Role.MAKER}))

    @staticmethod
    def mentor(person_id: UUID, *municipalities: UUID) -> Principal:
        return Principal(
            person_id=person_id,
            roles=frozenset({Role.MENTOR}),
            municipality_ids=frozenset(municipalities),
        )

    @staticmethod
    def staff(person_id: UUID, *municipalities: UUID) -> Principal:
        return Principal(
            person_id=person_id,
            roles=frozenset({Role.MUNICIPALITY}),
            municipality_ids=frozenset(municipalities),
        )


@pytest.fixture
def who() -> Principals:
    return Principals()


APPLY = """
mutation Apply($input: ApplyAsMakerInput!) {
  applyAsMaker(input: $input) { id name stage application { id } }
}
"""
STEPS = {
    "startScreening": "mutation($id: ID!) { startScreening(applicationId: $id) { stage } }",
    "inviteToInterview": "mutation($id: ID!) { inviteToInterview(applicationId: $id) { stage } }",
    "recordScorecard": """
        mutation($id: ID!, $ratings: [InterviewRatingInput!]!) {
          recordScorecard(applicationId: $id, ratings: $ratings) { stage }
        }""",
    "decide": """
        mutation($id: ID!, $outcome: SelectionOutcome!) {
          decideOnApplication(applicationId: $id, outcome: $outcome, reason: "Fits the round.") {
            stage
          }
        }""",
}
RATINGS = [
    {"criterion": c, "score": 3, "note": "solid"}
    for c in ("METHODICAL", "SOCIAL", "PERSONAL", "MOTIVATION", "DOMAIN_FIT")
]


def maker_input(**overrides: Any) -> dict[str, Any]:
    """A valid applyAsMaker input; `overrides` replace top-level or profile fields."""
    profile = {
        "background": "BUSINESS",
        "experienceYears": 7,
        "availability": {"earliestStart": "2027-02-01", "months": 9, "workload": "FULL_TIME"},
        "regions": {"states": ["06"], "agsPrefixes": ["14626"], "willingToRelocate": False},
        "topics": ["DIGITALISATION"],
        "links": ["https://portfolio.example.org/test"],
        "competences": [
            {
                "competenceId": skills.PROJECT_MANAGEMENT,
                "level": 3,
                "years": 5,
                "evidence": "Led a roll-out.",
            },
            {"competenceId": skills.DATA_ANALYSIS, "level": 2},
        ],
    }
    top = {
        "name": "Erika Musterfrau",
        "email": f"erika.{uuid4().hex[:8]}@example.org",
        "phone": "+49 30 1234567",
        "preferredLanguage": "de",
        "privacyNoticeVersion": "2026-09",
    }
    for key, value in overrides.items():
        (top if key in top or key == "alumniNetwork" else profile)[key] = value
    return {**top, "profile": profile}


@pytest.fixture(name="maker_input")
def maker_input_fixture() -> Callable[..., dict[str, Any]]:
    return maker_input


@dataclass
class Makers:
    gql: GraphQL
    who: Principals

    async def apply(self, person_id: UUID | None = None, **overrides: Any) -> tuple[UUID, UUID]:
        """A new maker applies; returns (person id, application id)."""
        person_id = person_id or uuid4()
        result = await self.gql(APPLY, self.who.maker(person_id), input=maker_input(**overrides))
        assert not result.errors, result.errors
        assert result.data is not None
        return person_id, UUID(result.data["applyAsMaker"]["application"]["id"])

    async def advance(self, application_id: UUID, to: str, team: Principal | None = None) -> None:
        """Move an application on as the programme team (SCREENING … SELECTED, REJECTED)."""
        team = team or self.who.programme()
        steps = ["startScreening", "inviteToInterview", "recordScorecard", "decide"]
        upto = {"SCREENING": 1, "INTERVIEW": 3, "SELECTED": 4, "REJECTED": 1}[to]
        for step in steps[:upto]:
            await self._run(step, application_id, team)
        if to == "REJECTED":
            await self._run("decide", application_id, team, outcome="REJECTED")

    async def selected(self, **overrides: Any) -> tuple[UUID, UUID]:
        person_id, application_id = await self.apply(**overrides)
        await self.advance(application_id, "SELECTED")
        return person_id, application_id

    async def _run(self, step: str, application_id: UUID, team: Principal, **extra: Any) -> None:
        variables: dict[str, Any] = {"id": str(application_id)}
        if step == "recordScorecard":
            variables["ratings"] = RATINGS
        if step == "decide":
            variables["outcome"] = extra.get("outcome", "SELECTED")
        result = await self.gql(STEPS[step], team, **variables)
        assert not result.errors, (step, result.errors)


@pytest.fixture
def makers(gql: GraphQL, who: Principals) -> Makers:
    return Makers(gql, who)


Snapshot = Callable[[], Awaitable[dict[str, list[str]]]]


@pytest.fixture
def snapshot(people: Service) -> Snapshot:
    """Every row of every table, to show that a refused request changed nothing."""

    async def take() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        async with people.database.engine.connect() as connection:
            for table in tables.metadata.sorted_tables:
                rows = (await connection.execute(table.select())).all()
                found[table.name] = sorted(repr(tuple(row)) for row in rows)
        return found

    return take
