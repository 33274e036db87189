"""The people and things the authorisation matrix is about, built through the API.

The demo data gives the persons: two Kommunen (Eschwege, the subject's, and Görlitz), each with
a member of staff and a Projektpat*in, the programme team, and selected makers; a second
Projektpat*in of Eschwege is registered. Through the gateway the world then places `maker-01`
on Eschwege's published project (Projektpat*in `mentor-eschwege`), which enrols them in a
cohort; gives them contact data, a check-in, a seat and an attendance record. Factories make
fresh things for mutations that change state, so each
allowed role acts on its own copy.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from testbed.platform import GraphQLClient, PlatformUnderTest

from lokal_contracts.demo import demo_id
from lokal_kit.auth.principal import Role

T = TypeVar("T")
ROLES = (
    "anonymous",
    "maker",
    "other_maker",
    "mentor",
    "colleague_mentor",
    "other_mentor",
    "staff",
    "other_staff",
    "programme",
)
SUBJECT_ROLES = ("maker", "mentor", "staff")
"""The columns that can be the subject of a row: `own` is only meaningful there."""

MUNICIPALITY = demo_id("municipality", "eschwege")
OTHER_MUNICIPALITY = demo_id("municipality", "goerlitz")
PROJECT = demo_id("project", "eschwege-online-services")
PERSONS = {
    "maker": demo_id("person", "maker-01"),
    "other_maker": demo_id("person", "maker-02"),
    "mentor": demo_id("person", "mentor-eschwege"),
    "colleague_mentor": demo_id("person", "matrix-colleague-mentor"),
    "other_mentor": demo_id("person", "mentor-goerlitz"),
    "staff": demo_id("person", "staff-eschwege"),
    "other_staff": demo_id("person", "staff-goerlitz"),
    "programme": demo_id("person", "programme-lena"),
}
TEMPLATE = demo_id("curriculum-template", "begleitprogramm-2026")
DEMO_COHORT = demo_id("cohort", "2026-09")


@dataclass
class World:
    platform: PlatformUnderTest
    requirements: list[dict[str, Any]] = field(default_factory=list)
    placement: str = ""
    enrollment: str = ""
    cohort: str = ""
    session: str = ""
    """A workshop of the subject's cohort that has begun, with the subject attending."""
    application: str = ""
    """The subject's application to the talent pool."""
    municipality_application: str = ""
    proposal: str = ""
    run: str = ""
    erased: str = ""
    """A maker who had themself erased."""
    erasure: str = ""
    _months: itertools.count[int] = field(default_factory=lambda: itertools.count(0))
    _stock: dict[str, list[str]] = field(default_factory=dict)

    def token(self, role: str, maker: uuid.UUID | None = None, *, fresh: bool = False) -> str:
        """A token for `role`; `maker` stands in for the subject maker, `fresh` a new person."""
        person = uuid.uuid4() if fresh else (maker or PERSONS[role])
        roles: dict[str, tuple[list[Role], list[uuid.UUID]]] = {
            "maker": ([Role.MAKER], []),
            "other_maker": ([Role.MAKER], []),
            "mentor": ([Role.MENTOR], [MUNICIPALITY]),
            "colleague_mentor": ([Role.MENTOR], [MUNICIPALITY]),
            "other_mentor": ([Role.MENTOR], [OTHER_MUNICIPALITY]),
            "staff": ([Role.MUNICIPALITY], [MUNICIPALITY]),
            "other_staff": ([Role.MUNICIPALITY], [OTHER_MUNICIPALITY]),
            "programme": ([Role.PROGRAMME], []),
        }
        granted, municipalities = roles[role]
        return self.platform.token(person, granted, municipalities)

    def as_(
        self,
        role: str,
        url: str | None = None,
        maker: uuid.UUID | None = None,
        *,
        fresh: bool = False,
    ) -> GraphQLClient:
        token = None if role == "anonymous" else self.token(role, maker, fresh=fresh)
        return self.platform.client(token, url)

    @property
    def programme(self) -> GraphQLClient:
        return self.as_("programme")

    @property
    def staff(self) -> GraphQLClient:
        return self.as_("staff")

    def next_start(self) -> date:
        """A first of the month no other project of the world runs in, so a maker may hold
        placements in all of them (six-month projects, seven months apart)."""
        months = 14 + 7 * next(self._months)
        return date(2027 + months // 12, 1 + months % 12, 1)

    def subject_id(self, subject: str) -> str:
        """The id of a row's subject: a role's person, or something the world built."""
        fixed = {"municipality": MUNICIPALITY, "project": PROJECT, **PERSONS}
        if subject in fixed:
            return str(fixed[subject])
        found: str = getattr(self, subject)
        return found

    # --- factories -----------------------------------------------------------------------

    def project_input(self) -> dict[str, Any]:
        return {
            "municipalityId": str(MUNICIPALITY),
            "title": f"Matrix {uuid.uuid4().hex[:6]}",
            "goal": "Every cell of the authorisation matrix checked.",
            "topic": "DIGITALISATION",
            "requirements": self.requirements,
            "seats": ["E11"],
            "durationMonths": 6,
            "plannedStart": self.next_start().isoformat(),
            "workMode": "ON_SITE",
            "mentorId": str(PERSONS["mentor"]),
        }

    async def new_project(self, status: str = "PUBLISHED") -> str:
        """A one-seat project of the subject's Kommune, with its Projektpat*in, in a period of
        its own; taken from the stock when there is one."""
        if self._stock.get(status):
            return self._stock[status].pop()
        (project,) = await self.stock(status, 1, keep=False)
        return project

    async def stock(self, status: str, count: int, *, keep: bool = True) -> list[str]:
        """`count` projects in `status`, made together: the events they wait for settle once
        for all of them, not once each."""
        made = await gather(self._draft() for _ in range(count))
        steps = [
            ("SUBMITTED", self.staff, "submitProject"),
            ("PUBLISHED", self.programme, "publishProject"),
        ]
        for reached, client, mutation in steps:
            if status == "DRAFT":
                break
            query = f"mutation($id: ID!) {{ {mutation}(id: $id) {{ id }} }}"
            await gather(client(query, id=project) for project in made)
            if reached == "PUBLISHED":
                await self.platform.settle()
            if status == reached:
                break
        if status in ("STAFFED", "RUNNING"):
            await gather(self.new_placement("CONFIRMED", project) for project in made)
            await self.platform.settle()
        if status == "RUNNING":
            query = "mutation($id: ID!) { startProject(id: $id) { id } }"
            await gather(self.staff(query, id=project) for project in made)
        if keep:
            self._stock.setdefault(status, []).extend(made)
        return made

    async def _draft(self) -> str:
        created = await self.staff(
            """mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }""",
            input=self.project_input(),
        )
        project: str = created["createProject"]["id"]
        return project

    async def new_placement(self, state: str, project: str | None = None) -> str:
        """A placement of the subject maker in `state` (PROPOSED, ACCEPTED or CONFIRMED)."""
        project = project or await self.new_project()
        proposed = await self.programme(
            """mutation($input: ProposePlacementInput!) { proposePlacement(input: $input) {
                 id } }""",
            input={"projectId": project, "personId": str(PERSONS["maker"]), "seatIndex": 0},
        )
        placement: str = proposed["proposePlacement"]["id"]
        if state == "PROPOSED":
            return placement
        await self.as_("maker")(
            "mutation($id: ID!) { acceptPlacement(id: $id) { id } }", id=placement
        )
        if state == "ACCEPTED":
            return placement
        for confirming in (self.staff, self.programme):
            await confirming(
                "mutation($id: ID!) { confirmPlacement(id: $id) { id } }", id=placement
            )
        assert state == "CONFIRMED", state
        return placement

    async def new_person(self) -> str:
        """A member of staff of the subject's Kommune, registered by the programme team."""
        registered = await self.programme(
            """mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }""",
            input=person_input(),
        )
        person: str = registered["registerPerson"]["id"]
        return person

    async def new_applicant(self, stage: str = "APPLIED") -> tuple[uuid.UUID, str]:
        """A new person's application to the talent pool, moved on to `stage`."""
        person = uuid.uuid4()
        applied = await self.platform.client(self.platform.token(person, [Role.MAKER]))(
            """mutation($input: ApplyAsMakerInput!) { applyAsMaker(input: $input) {
                 application { id } } }""",
            input=application_input(),
        )
        application: str = applied["applyAsMaker"]["application"]["id"]
        steps = [
            ("SCREENING", "startScreening(applicationId: $id)", {}),
            ("INTERVIEW", "inviteToInterview(applicationId: $id)", {}),
            (
                "SCORED",
                "recordScorecard(applicationId: $id, ratings: $ratings)",
                {"ratings": RATINGS},
            ),
        ]
        for reached, call, extra in steps:
            if stage == "APPLIED":
                break
            declared = "".join(f", ${name}: [InterviewRatingInput!]!" for name in extra)
            await self.programme(
                f"mutation($id: ID!{declared}) {{ {call} {{ id }} }}", id=application, **extra
            )
            if stage == reached:
                break
        return person, application

    def session_input(self, starts_in: float = 86400) -> dict[str, Any]:
        return {
            "cohortId": self.cohort,
            "kind": "WORKSHOP",
            "title": "Matrix workshop",
            "startsAt": in_(starts_in),
            "durationMinutes": 60,
            "format": "ONLINE",
            "onlineUrl": "https://meet.example.org/matrix",
            "capacity": 20,
        }

    async def new_session(self, *, enrol_subject: bool = False, starts_in: float = 86400) -> str:
        added = await self.programme(
            """mutation($input: AddSessionInput!) { addSession(input: $input) { id } }""",
            input=self.session_input(starts_in),
        )
        session: str = added["addSession"]["id"]
        if enrol_subject:
            await self.programme(
                """mutation($s: ID!, $p: ID!) { enrollInSession(sessionId: $s, personId: $p) {
                     status } }""",
                s=session,
                p=str(PERSONS["maker"]),
            )
        return session

    async def new_municipality_application(self, status: str = "SUBMITTED") -> str:
        applied = await self.staff(
            """mutation($input: ApplyForProgrammeInput!) { applyForProgramme(input: $input) {
                 id } }""",
            input={
                "municipalityId": str(MUNICIPALITY),
                "motivation": "More of the same.",
                "problem": "Paper everywhere.",
                "round": f"R{uuid.uuid4().hex[:8].upper()}",
            },
        )
        application: str = applied["applyForProgramme"]["id"]
        if status == "IN_REVIEW":
            await self.programme(
                "mutation($id: ID!) { reviewMunicipalityApplication(id: $id) { id } }",
                id=application,
            )
        return application

    # --- the subjects ----------------------------------------------------------------------

    async def build(self) -> None:
        programme = self.programme
        project = await programme(
            """query($id: ID!) { project(id: $id) {
                 requirements { minLevel mustHave competence { id } } } }""",
            id=str(PROJECT),
        )
        self.requirements = [
            {"competenceId": r["competence"]["id"], "minLevel": r["minLevel"], "mustHave": False}
            for r in project["project"]["requirements"]
        ]
        await programme(
            """mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }""",
            input={
                **person_input(),
                "id": str(PERSONS["colleague_mentor"]),
                "roles": ["MENTOR"],
            },
        )
        await self.as_("maker")(
            """mutation($input: PersonDetailsInput!) { updateMyDetails(input: $input) { id } }""",
            input={
                "workEmail": "anna.reinholz@eschwege.example.org",
                "phone": "+49 5651 3040",
                "preferredLanguage": "de",
            },
        )
        self.placement = await self.new_placement("CONFIRMED", str(PROJECT))
        await self.platform.settle()
        found = await programme(
            """query($id: ID!) { person(id: $id) { application { id }
                 enrollments { id cohort { id } } } }""",
            id=str(PERSONS["maker"]),
        )
        self.application = found["person"]["application"]["id"]
        (enrollment,) = found["person"]["enrollments"]
        self.enrollment, self.cohort = enrollment["id"], enrollment["cohort"]["id"]
        await self.as_("mentor")(
            """mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }""",
            input={"enrollmentId": self.enrollment, "on": today(), "note": "ok"},
        )
        municipality = await programme(
            "query($id: ID!) { municipality(id: $id) { applications { id } } }",
            id=str(MUNICIPALITY),
        )
        self.municipality_application = municipality["municipality"]["applications"][0]["id"]
        proposal = await programme(
            "mutation($id: ID!) { proposeTeam(projectId: $id) { id } }", id=str(PROJECT)
        )
        self.proposal = proposal["proposeTeam"]["id"]
        run = await programme("mutation { startMatchingRun { id } }")
        self.run = run["startMatchingRun"]["id"]
        erased, _ = await self.new_applicant()
        erasure = await self.platform.client(self.platform.token(erased, [Role.MAKER]))(
            "mutation($id: ID!) { erasePerson(personId: $id) { id } }", id=str(erased)
        )
        self.erased, self.erasure = str(erased), erasure["erasePerson"]["id"]
        self.session = await self.new_session(enrol_subject=True, starts_in=1.5)
        await asyncio.sleep(2.0)  # attendance is recorded once the session has begun
        await programme(
            """mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,
                 status: ATTENDED) { id } }""",
            s=self.session,
            p=str(PERSONS["maker"]),
        )
        await self.platform.settle()


async def gather(calls: Iterable[Awaitable[T]], limit: int = 4) -> list[T]:
    """Many requests at once, but not so many that the embedded platform's SQLite times out."""
    gate = asyncio.Semaphore(limit)

    async def one(call: Awaitable[T]) -> T:
        async with gate:
            return await call

    return await asyncio.gather(*(one(c) for c in calls))


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def in_(seconds: float) -> str:
    """An ISO timestamp `seconds` from now."""
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


RATINGS = [
    {"criterion": criterion, "score": 3, "note": "fine"}
    for criterion in ("METHODICAL", "SOCIAL", "PERSONAL", "MOTIVATION", "DOMAIN_FIT")
]


def person_input() -> dict[str, Any]:
    tag = uuid.uuid4().hex[:10]
    return {
        "name": f"Kim {tag}",
        "email": f"kim.{tag}@example.org",
        "roles": ["MUNICIPALITY_STAFF"],
        "municipalityIds": [str(MUNICIPALITY)],
    }


def application_input() -> dict[str, Any]:
    tag = uuid.uuid4().hex[:10]
    return {
        "name": f"Mika {tag}",
        "email": f"mika.{tag}@example.org",
        "privacyNoticeVersion": "2026-01",
        "profile": {
            "background": "BUSINESS",
            "experienceYears": 4,
            "availability": {"earliestStart": "2027-01-01", "months": 12},
            "regions": {"states": ["06"]},
            "topics": ["DIGITALISATION"],
        },
    }
