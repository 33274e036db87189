"""Load on the whole platform through its gateway: three kinds of virtual users, and what it cost.

`run_load(platform, clients=…, duration=…)` starts `clients` virtual users, each a closed loop
of operations with a think time between them, and returns a `LoadReport` (throughput,
latency percentiles per operation and overall, errors). The same code runs the long
benchmark (`bench/load.py`) and its short variant in CI (`tests/platform/test_load.py`).

The mix follows how the platform is used: most users are anonymous visitors searching the
published projects (filters, pages, a project's page); Macher*innen read their dashboard;
the programme team reads candidate lists, team proposals and applications; a trickle of
writes (details and profile updates, new applicants enrolled in the cohort and booking an
optional session) goes through the same gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from lokal_kit.auth.principal import Role
from testbed.platform import PlatformUnderTest

# PostgreSQL connections per process of the platform under load (and as many again in
# bursts). Below the default of 5, so that a loaded platform leaves room on the server for
# the tests that share it; the load goal is met with it.
POOL_SIZE = 4
# who the virtual users are, by share of the clients
PERSONAS = (("visitor", 0.55), ("maker", 0.30), ("staff", 0.15))
ERRORS_KEPT = 5


class LoadSetupFailed(AssertionError):
    """The platform did not answer the queries that find what the load works on."""


@dataclass(frozen=True)
class World:
    """What the virtual users work on, found through the gateway before the load starts."""

    projects: list[str]
    topics: list[str]
    states: list[str]
    competences: list[str]
    words: list[str]
    makers: list[str]
    cohort: str | None
    open_sessions: list[str]
    """Optional sessions of `cohort` still open for booking (none once the demo's are past)."""


@dataclass
class Recorder:
    """Every finished request: its operation, its latency, and the errors (first few kept)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    error_counts: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    def record(self, operation: str, seconds: float, error: str | None) -> None:
        self.latencies.setdefault(operation, []).append(seconds)
        if error is not None:
            self.error_counts[operation] = self.error_counts.get(operation, 0) + 1
            if len(self.first_errors) < ERRORS_KEPT:
                self.first_errors.append(f"{operation}: {error}")


@dataclass(frozen=True)
class OperationStats:
    name: str
    count: int
    errors: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, name: str, latencies: Sequence[float], errors: int) -> OperationStats:
        ordered = sorted(latencies)
        return cls(
            name,
            len(ordered),
            errors,
            _percentile(ordered, 50),
            _percentile(ordered, 95),
            _percentile(ordered, 99),
            ordered[-1],
        )


def _percentile(ordered: Sequence[float], percent: int) -> float:
    """The nearest-rank percentile: the smallest latency that `percent`% of requests beat."""
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LoadReport:
    clients: int
    seconds: float
    operations: list[OperationStats]
    overall: OperationStats
    first_errors: list[str]
    loop_lag_p99: float
    """How late the load generator's own event loop woke up (p99): when this is large, the
    generator, not the platform, is what the latencies measure."""

    @property
    def errors(self) -> int:
        return self.overall.errors

    @property
    def throughput(self) -> float:
        return self.overall.count / self.seconds

    def table(self) -> str:
        lines = [
            f"{self.clients} clients, {self.seconds:.1f} s: {self.overall.count} requests, "
            f"{self.throughput:.1f} req/s, {self.errors} errors",
            f"{'operation':<22}{'count':>7}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'p99 ms':>9}{'max ms':>9}",
        ]
        for stats in [*self.operations, self.overall]:
            lines.append(
                f"{stats.name:<22}{stats.count:>7}{stats.errors:>7}{stats.p50 * 1000:>9.0f}"
                f"{stats.p95 * 1000:>9.0f}{stats.p99 * 1000:>9.0f}{stats.max * 1000:>9.0f}"
            )
        lines.append(f"load generator's loop lag p99: {self.loop_lag_p99 * 1000:.0f} ms")
        lines.extend(f"error: {error}" for error in self.first_errors)
        return "\n".join(lines)


class GraphQLError(Exception):
    """A non-200 answer, or one with GraphQL errors."""


class Gateway:
    """POSTs operations to the gateway over one shared connection pool, timing each."""

    def __init__(self, http: aiohttp.ClientSession, url: str, recorder: Recorder | None) -> None:
        self.http = http
        self.url = url
        self.recorder = recorder

    async def __call__(
        self, operation: str, query: str, token: str | None = None, **variables: object
    ) -> dict[str, Any]:
        """The answer's data; the request counts as an error unless it is a 200 without errors."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        body = {"query": query, "variables": variables}
        started = time.perf_counter()
        error: str | None = None
        data: dict[str, Any] = {}
        try:
            async with self.http.post(self.url, json=body, headers=headers) as answer:
                text = await answer.text()
            payload = json.loads(text)
            if answer.status != 200 or payload.get("errors"):
                error = f"{answer.status} {text[:500]}"
            else:
                data = payload["data"]
        except (aiohttp.ClientError, TimeoutError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        if self.recorder is not None:
            self.recorder.record(operation, time.perf_counter() - started, error)
        if error is not None:
            raise GraphQLError(error)
        return data


SEARCH = """
query Search($first: Int!, $after: String, $filter: ProjectFilter) {
  projects(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title topic status plannedStart durationMonths openSeats
      municipality { name state stateCode }
      requirements { minLevel mustHave competence { id label } }
    }
  }
}"""

PROJECT_PAGE = """
query ProjectPage($id: ID!) {
  project(id: $id) {
    id title goal description topic status plannedStart durationMonths workMode teamSize
    openSeats seats { index payGroup filled }
    municipality { name kind state population website }
    requirements { minLevel mustHave competence { label description } }
  }
}"""

MUNICIPALITIES = """
query Kommunen($states: [String!]) {
  municipalities(first: 20, filter: {states: $states}) {
    nodes { name kind state population acceptedRounds }
  }
}"""

DASHBOARD = """
query Dashboard {
  me {
    id name email phone stage
    makerProfile {
      background experienceYears topics
      availability { earliestStart months workload }
      regions { states willingToRelocate }
    }
    competences { level years competence { label } }
    application { stage submittedAt history { stage at } }
    placements { id state startsOn endsOn project { title municipality { name } } }
    recommendedProjects(first: 5) {
      fit { score eligible nearMiss }
      project { id title plannedStart municipality { name } }
    }
    enrollments {
      status
      progress { mandatoryAttended mandatoryDue mandatoryTotal attendanceRate }
      cohort {
        title
        sessions(first: 20) {
          nodes { id title kind startsAt mandatory myParticipation { status } }
        }
      }
    }
  }
}"""

UPDATE_DETAILS = """
mutation Details($phone: String!) { updateMyDetails(input: {phone: $phone}) { id phone } }"""

UPDATE_PROFILE = """
mutation Profile($years: Int!) {
  updateMyMakerProfile(input: {experienceYears: $years}) { id makerProfile { experienceYears } }
}"""

CANDIDATES = """
query Candidates($id: ID!) {
  project(id: $id) {
    id title openSeats
    requirements { minLevel mustHave competence { label } }
    candidates(first: 20, includeNearMisses: true) {
      fit { score eligible nearMiss requirements { status level minLevel } }
      person { id name stage competences { level competence { label } } }
    }
    proposals {
      id status totalFit gap
      coverage { ratio mustHaveCovered mustHaveTotal }
      members { seatIndex fit person { id name } }
    }
  }
}"""

PROPOSALS = """
query Proposals {
  matchingRuns(first: 1) {
    nodes {
      id status totalFit coverage
      proposals { id status totalFit project { title municipality { name } } members { fit } }
      unfilledSeats { seatIndex project { title } }
    }
  }
}"""

APPLICATIONS = """
query Applications($first: Int!) {
  makerApplications(first: $first) {
    totalCount
    nodes { id stage submittedAt person { id name competences { level competence { label } } } }
  }
}"""

APPLY = """
mutation Apply($input: ApplyAsMakerInput!) { applyAsMaker(input: $input) { id stage } }"""

ENROL = """
mutation Enrol($cohort: ID!, $person: ID!) {
  enrollInCohort(cohortId: $cohort, personId: $person) { id status }
}"""

BOOK = """
mutation Book($session: ID!) { enrollInSession(sessionId: $session) { status waitlistPosition } }"""


async def discover(gateway: Gateway, programme: str) -> World:
    """What the load works on: published projects, makers, the cohort and its open sessions."""
    try:
        page = await gateway(
            "setup", SEARCH, first=100, filter={"status": ["PUBLISHED", "STAFFED", "RUNNING"]}
        )
        makers = await gateway(
            "setup",
            "{ persons(first: 100, filter: {role: MAKER}) { nodes { id } } }",
            programme,
        )
        cohorts = await gateway(
            "setup",
            "{ cohorts(first: 1) { nodes { id sessions(first: 100) {"
            " nodes { id mandatory oneToOne startsAt status } } } } }",
            programme,
        )
    except GraphQLError as error:
        raise LoadSetupFailed(str(error)) from error
    projects = page["projects"]["nodes"]
    if not projects or not makers["persons"]["nodes"]:
        raise LoadSetupFailed("the platform has no published projects or no makers")
    bookable_from = datetime.now(UTC) + timedelta(days=1)
    cohort = next(iter(cohorts["cohorts"]["nodes"]), None)
    sessions = cohort["sessions"]["nodes"] if cohort else []
    return World(
        projects=[p["id"] for p in projects],
        topics=sorted({p["topic"] for p in projects}),
        states=sorted({p["municipality"]["stateCode"] for p in projects}),
        competences=sorted({r["competence"]["id"] for p in projects for r in p["requirements"]}),
        words=sorted({w for p in projects for w in p["title"].split() if len(w) > 5}),
        makers=[m["id"] for m in makers["persons"]["nodes"]],
        cohort=cohort["id"] if cohort else None,
        open_sessions=[
            s["id"]
            for s in sessions
            if not s["mandatory"]
            and not s["oneToOne"]
            and s["status"] == "SCHEDULED"
            and datetime.fromisoformat(s["startsAt"]) > bookable_from
        ],
    )


@dataclass
class VirtualUser:
    """One client: a persona, its token, its own random sequence."""

    persona: str
    gateway: Gateway
    world: World
    platform: PlatformUnderTest
    chance: random.Random
    token: str | None
    programme: str

    async def act(self) -> None:
        """One step of this persona's use of the platform (a few requests at most)."""
        actions = ACTIONS[self.persona]
        action = self.chance.choices([a for a, _ in actions], [w for _, w in actions])[0]
        await action(self)

    async def search(self) -> None:
        """Anonymous project search with some filters, following up to two more pages."""
        filters: dict[str, Any] = {"status": ["PUBLISHED"]}
        if self.chance.random() < 0.4:
            filters["topics"] = self.chance.sample(self.world.topics, 1)
        if self.chance.random() < 0.3:
            filters["states"] = self.chance.sample(self.world.states, 1)
        if self.world.competences and self.chance.random() < 0.2:
            filters["competenceIds"] = self.chance.sample(self.world.competences, 1)
        if self.world.words and self.chance.random() < 0.2:
            filters["search"] = self.chance.choice(self.world.words)
        first = self.chance.choice((2, 5, 10))
        answer = await self.gateway("search", SEARCH, first=first, filter=filters)
        for _ in range(2):
            info = answer["projects"]["pageInfo"]
            if not info["hasNextPage"] or self.chance.random() < 0.5:
                return
            answer = await self.gateway(
                "search next page", SEARCH, first=first, after=info["endCursor"], filter=filters
            )

    async def project_page(self) -> None:
        await self.gateway("project page", PROJECT_PAGE, id=self.chance.choice(self.world.projects))

    async def municipalities(self) -> None:
        states = self.chance.sample(self.world.states, 1) if self.chance.random() < 0.5 else None
        await self.gateway("municipalities", MUNICIPALITIES, states=states)

    async def dashboard(self) -> None:
        await self.gateway("maker dashboard", DASHBOARD, self.token)

    async def update_details(self) -> None:
        phone = f"+49 30 {self.chance.randrange(10**6, 10**7)}"
        await self.gateway("update details", UPDATE_DETAILS, self.token, phone=phone)

    async def update_profile(self) -> None:
        years = self.chance.randrange(1, 30)
        await self.gateway("update profile", UPDATE_PROFILE, self.token, years=years)

    async def candidates(self) -> None:
        project = self.chance.choice(self.world.projects)
        await self.gateway("candidates", CANDIDATES, self.token, id=project)

    async def proposals(self) -> None:
        await self.gateway("team proposals", PROPOSALS, self.token)

    async def applications(self) -> None:
        await self.gateway("maker applications", APPLICATIONS, self.token, first=20)

    async def new_maker(self) -> None:
        """A new applicant applies; the programme team enrols them in the cohort (a late
        joiner), and they book one of its optional sessions."""
        person = uuid.uuid4()
        token = self.platform.token(person, [Role.MAKER])
        applicant = application(person, self.world, self.chance)
        await self.gateway("apply as maker", APPLY, token, input=applicant)
        if self.world.cohort is None:
            return
        await self.gateway(
            "enrol in cohort", ENROL, self.programme, cohort=self.world.cohort, person=str(person)
        )
        if self.world.open_sessions:
            session = self.chance.choice(self.world.open_sessions)
            await self.gateway("book session", BOOK, token, session=session)


def application(person: uuid.UUID, world: World, chance: random.Random) -> dict[str, Any]:
    """What a new applicant sends with `applyAsMaker`: competences the projects ask for."""
    start = datetime.now(UTC).date() + timedelta(days=chance.randrange(30, 180))
    return {
        "name": f"Last Tester {person.hex[:6]}",
        "email": f"{person.hex[:12]}@example.org",
        "profile": {
            "competences": [
                {"competenceId": competence, "level": chance.randrange(2, 5)}
                for competence in chance.sample(world.competences, min(3, len(world.competences)))
            ],
            "background": chance.choice(("BUSINESS", "CIVIL_SOCIETY", "RESEARCH")),
            "experienceYears": chance.randrange(1, 25),
            "availability": {"earliestStart": start.isoformat(), "months": 12},
            "topics": chance.sample(world.topics, 1),
        },
        "privacyNoticeVersion": "2026-01",
    }


async def maker_tokens(
    count: int, world: World, gateway: Gateway, platform: PlatformUnderTest, chance: random.Random
) -> list[str]:
    """Tokens of `count` different makers: the platform's makers, then new applicants.

    One person does not update their profile from two places at once; two virtual users
    sharing a person would, and rightly get a CONFLICT now and then."""
    persons = [uuid.UUID(m) for m in chance.sample(world.makers, min(count, len(world.makers)))]
    for _ in range(count - len(persons)):
        person = uuid.uuid4()
        token = platform.token(person, [Role.MAKER])
        try:
            await gateway("setup", APPLY, token, input=application(person, world, chance))
        except GraphQLError as error:
            raise LoadSetupFailed(str(error)) from error
        persons.append(person)
    return [platform.token(person, [Role.MAKER]) for person in persons]


Action = Callable[[VirtualUser], Awaitable[None]]
ACTIONS: dict[str, list[tuple[Action, float]]] = {
    "visitor": [
        (VirtualUser.search, 6),
        (VirtualUser.project_page, 3),
        (VirtualUser.municipalities, 1),
    ],
    "maker": [
        (VirtualUser.dashboard, 8.5),
        (VirtualUser.update_details, 1),
        (VirtualUser.update_profile, 0.5),
    ],
    "staff": [
        (VirtualUser.candidates, 5),
        (VirtualUser.proposals, 2),
        (VirtualUser.applications, 2.5),
        (VirtualUser.new_maker, 0.5),
    ],
}


def personas(clients: int) -> list[str]:
    """`clients` personas in the shares of PERSONAS (at least one of each from three clients)."""
    counts = {name: max(1, round(clients * share)) for name, share in PERSONAS[1:]}
    counts[PERSONAS[0][0]] = max(0, clients - sum(counts.values()))
    return [name for name, count in counts.items() for _ in range(count)][:clients]


async def _watch_loop_lag(lags: list[float], until: float) -> None:
    """How late a 10 ms sleep wakes up, all through the run."""
    while time.monotonic() < until:
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(max(0.0, time.perf_counter() - before - 0.01))


def logged_errors(logs: Path, kept: int = 3) -> str:
    """The first errors the platform's processes logged: what a masked error was."""
    found = [
        f"{log.stem}: {line[:2000]}"
        for log in sorted(logs.glob("*.log"))
        for line in log.read_text().splitlines()
        if '"level": "error"' in line
    ]
    return "\n".join(["errors in the platform's logs:", *found[:kept]])


async def run_load(
    platform: PlatformUnderTest,
    *,
    clients: int,
    duration: float,
    think: float = 1.0,
    seed: int = 1,
    timeout: float = 30.0,
) -> LoadReport:
    """`clients` virtual users for `duration` seconds, each waiting a random 0.5-1.5 × `think`
    seconds between steps; a step started before the end is finished and counted."""
    programme = platform.demo_token("programme-lena", Role.PROGRAMME)
    recorder = Recorder()
    connector = aiohttp.TCPConnector(limit=clients + 1, limit_per_host=clients + 1)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)
    ) as http:
        setup = Gateway(http, platform.gateway_url, None)
        world = await discover(setup, programme)
        gateway = Gateway(http, platform.gateway_url, recorder)
        chance = random.Random(seed)
        kinds = personas(clients)
        makers = iter(await maker_tokens(kinds.count("maker"), world, setup, platform, chance))
        users = []
        for persona in kinds:
            token = next(makers) if persona == "maker" else None
            token = programme if persona == "staff" else token
            users.append(
                VirtualUser(
                    persona,
                    gateway,
                    world,
                    platform,
                    random.Random(chance.random()),
                    token,
                    programme,
                )
            )
        started = time.monotonic()
        until = started + duration

        async def live(user: VirtualUser) -> None:
            # spread the first requests over one think time instead of all at once
            await asyncio.sleep(user.chance.uniform(0, think))
            while time.monotonic() < until:
                # a failed request is recorded; the user carries on with its next step
                with contextlib.suppress(GraphQLError):
                    await user.act()
                await asyncio.sleep(think * user.chance.uniform(0.5, 1.5))

        lags: list[float] = []
        await asyncio.gather(_watch_loop_lag(lags, until), *(live(user) for user in users))
        seconds = time.monotonic() - started
    operations = [
        OperationStats.of(name, latencies, recorder.error_counts.get(name, 0))
        for name, latencies in sorted(recorder.latencies.items())
    ]
    everything = [latency for latencies in recorder.latencies.values() for latency in latencies]
    if not everything:
        raise LoadSetupFailed("no request finished")
    return LoadReport(
        clients=clients,
        seconds=seconds,
        operations=operations,
        overall=OperationStats.of("all", everything, sum(recorder.error_counts.values())),
        first_errors=recorder.first_errors,
        loop_lag_p99=statistics.quantiles(lags, n=100)[98] if len(lags) > 1 else 0.0,
    )
