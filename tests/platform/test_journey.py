"""Die Reise: one Lokalprojekt from a Kommune's application to a Macher*in's erasure.

The whole programme told once, through the gateway only, with the token a real client holds
at each step: the programme team (demo person `programme-lena`), the staff and the
Projektpat*in of a Kommune registered in the story, and two Macher*innen who apply in it.
Each step asserts what every service it touches shows; what travels by events is polled
for. The same story runs on the embedded platform and on the distributed one; in both the
erasure is also checked row by row in every service's database (SQLite files or PostgreSQL).

Time is compressed: the project's six months lie in the past (ending before today, and
within the TVöD tables the platform ships, so that the pay can be computed and the
placements can end on their last day). Only the team's kick-off is scheduled live, a few
seconds ahead, so that its attendance can be recorded once it has begun.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import csv
import sqlite3
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from testbed.platform import (
    GraphQLClient,
    PlatformUnderTest,
    distributed_platform,
    embedded_platform,
)

from lokal_contracts.demo import demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.testing.waiting import eventually

T = TypeVar("T")
BERLIN = ZoneInfo("Europe/Berlin")
ESCO = "http://data.europa.eu/esco/skill/"
ACCESSIBILITY_STANDARDS = ESCO + "3e23db60-0c3d-498a-a6ac-ffbed0ecb033"
ACCESSIBILITY_TESTING = ESCO + "be64bb4c-84ac-4c83-8cc7-fc8593e15136"
DIGITAL_LITERACY = ESCO + "c8fa4313-80b0-4f37-8b1b-1739707bc362"
"""No demo maker or project uses these, so the run's team for our project is ours alone."""
MARBURG_AGS = "06534014"
SEATS = ("E11", "E12")
PRIVACY_NOTICE = "2026-01"


# --- the cast ---------------------------------------------------------------------------


@dataclass
class Maker:
    """A Macher*in of the story, signed in with their own token."""

    name: str
    email: str
    experience_years: int
    competences: dict[str, int]
    client: GraphQLClient
    id: uuid.UUID
    application_id: str = ""
    placement_id: str = ""
    enrollment_id: str = ""


@dataclass
class Journey:
    platform: PlatformUnderTest
    postgres_url: str | None
    """Distributed: the server holding the service databases searched after the erasure."""
    data_dir: Path | None
    """Embedded: the folder of the SQLite files searched after the erasure."""
    start: date
    """The project's planned start; its six months end before today."""
    programme: GraphQLClient
    anonymous: GraphQLClient
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)
    mentor_id: uuid.UUID = field(default_factory=uuid.uuid4)
    coach_id: uuid.UUID = field(default_factory=uuid.uuid4)
    staff: GraphQLClient | None = None
    mentor: GraphQLClient | None = None
    makers: list[Maker] = field(default_factory=list)
    municipality_id: str = ""
    application_id: str = ""
    project_id: str = ""
    cohort_id: str = ""
    kick_off_id: str = ""

    @property
    def end(self) -> date:
        return _add_months(self.start, 6) - timedelta(days=1)

    def kommune(self) -> GraphQLClient:
        assert self.staff is not None, "the Kommune's staff sign in once it is registered"
        return self.staff

    def pat(self) -> GraphQLClient:
        assert self.mentor is not None, "the Projektpat*in signs in once the Kommune is registered"
        return self.mentor

    async def arrives(self, probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool]) -> T:
        """What another service learns by events: settle (embedded), then poll."""
        await self.platform.settle()
        return await eventually(probe, accept, timeout=60, interval=0.2)


# --- the story ----------------------------------------------------------------------------


async def kommune_bewirbt_sich(j: Journey) -> None:
    """Bewerbung der Kommune: Marburg registers on the platform and applies to the PILOT round.

    A member of its staff signs in (the identity provider knows their role, not yet the
    Kommune), registers the Kommune and becomes its contact; the programme team records the
    staff member and the Projektpat*in in people; the Kommune applies, naming its Pat*in.
    """
    newcomer = j.platform.client(j.platform.token(j.staff_id, [Role.MUNICIPALITY]))
    registered = await newcomer(
        """mutation($input: RegisterMunicipalityInput!) {
             registerMunicipality(input: $input) { id name state stateCode contacts { id } } }""",
        input={
            "ags": MARBURG_AGS,
            "name": "Universitätsstadt Marburg",
            "kind": "CITY",
            "population": 77_000,
            "website": "https://www.marburg.de",
        },
    )
    municipality = registered["registerMunicipality"]
    assert (municipality["state"], municipality["stateCode"]) == ("Hessen", "06")
    assert municipality["contacts"] == [{"id": str(j.staff_id)}]
    j.municipality_id = municipality["id"]

    for person, name, role in (
        (j.staff_id, "Ute Brenner", "MUNICIPALITY_STAFF"),
        (j.mentor_id, "Karl Seibert", "MENTOR"),
    ):
        await j.programme(
            """mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }""",
            input={
                "id": str(person),
                "name": name,
                "email": f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@marburg.example.org",
                "roles": [role],
                "municipalityIds": [j.municipality_id],
            },
        )
    # from now on the identity provider lists the Kommune in their tokens
    j.staff = j.platform.client(
        j.platform.token(j.staff_id, [Role.MUNICIPALITY], [j.municipality_id])
    )
    j.mentor = j.platform.client(j.platform.token(j.mentor_id, [Role.MENTOR], [j.municipality_id]))

    applied = await j.kommune()(
        """mutation($input: ApplyForProgrammeInput!) {
             applyForProgramme(input: $input) { id status round mentor { id name } } }""",
        input={
            "municipalityId": j.municipality_id,
            "motivation": "Wir wollen unsere Online-Dienste für alle nutzbar machen.",
            "problem": "Viele Formulare sind nicht barrierefrei.",
            "mentorId": str(j.mentor_id),
        },
    )
    application = applied["applyForProgramme"]
    assert (application["status"], application["round"]) == ("SUBMITTED", "PILOT")
    # people resolves the Pat*in for a colleague of the same Kommune
    assert application["mentor"] == {"id": str(j.mentor_id), "name": "Karl Seibert"}
    j.application_id = application["id"]

    public = await j.anonymous(
        """query($ags: String!) { municipalityByAgs(ags: $ags) {
             id name acceptedRounds } }""",
        ags=MARBURG_AGS,
    )
    assert public["municipalityByAgs"]["acceptedRounds"] == []
    own = await j.kommune()(
        """query($id: ID!) { municipality(id: $id) {
             applications { status } staff { id name roles } } }""",
        id=j.municipality_id,
    )
    assert [a["status"] for a in own["municipality"]["applications"]] == ["SUBMITTED"]
    assert {(p["id"], p["name"]) for p in own["municipality"]["staff"]} == {
        (str(j.staff_id), "Ute Brenner"),
        (str(j.mentor_id), "Karl Seibert"),
    }


async def programm_nimmt_auf(j: Journey) -> None:
    """Aufnahme: the programme team reviews the application and accepts the Kommune."""
    await j.programme(
        "mutation($id: ID!) { reviewMunicipalityApplication(id: $id) { status } }",
        id=j.application_id,
    )
    decided = await j.programme(
        """mutation($id: ID!) { decideMunicipalityApplication(
             id: $id, decision: ACCEPTED, reason: "Klarer Bedarf, starke Projektpatenschaft") {
             status decisionReason decidedAt } }""",
        id=j.application_id,
    )
    assert decided["decideMunicipalityApplication"]["status"] == "ACCEPTED"
    seen = await j.kommune()(
        "query($id: ID!) { municipality(id: $id) { acceptedRounds applications { status } } }",
        id=j.municipality_id,
    )
    assert seen["municipality"] == {
        "acceptedRounds": ["PILOT"],
        "applications": [{"status": "ACCEPTED"}],
    }


PROJECT = """id status title openSeats teamSize plannedStart durationMonths
  municipality { id name } mentor { id }
  requirements { minLevel mustHave competence { id label } }
  seats { index payGroup filled member { id name } }
  startedOn completedOn"""


async def projekt_wird_ausgeschrieben(j: Journey) -> None:
    """Projektskizze: the Kommune drafts and submits a project; the programme team publishes it."""
    drafted = await j.kommune()(
        f"""mutation($input: CreateProjectInput!) {{
              createProject(input: $input) {{ {PROJECT} }} }}""",
        input={
            "municipalityId": j.municipality_id,
            "title": "Barrierefreie Online-Dienste",
            "goal": "Alle Online-Formulare der Stadt erfüllen die BITV 2.0.",
            "topic": "DIGITALISATION",
            "requirements": [
                {"competenceId": ACCESSIBILITY_STANDARDS, "minLevel": 3, "mustHave": True},
                {"competenceId": ACCESSIBILITY_TESTING, "minLevel": 3, "mustHave": True},
                {"competenceId": DIGITAL_LITERACY, "minLevel": 2, "mustHave": False},
            ],
            "seats": list(SEATS),
            "durationMonths": 6,
            "plannedStart": j.start.isoformat(),
            "workMode": "HYBRID",
            "mentorId": str(j.mentor_id),
        },
    )
    project = drafted["createProject"]
    j.project_id = project["id"]
    assert (project["status"], project["teamSize"]) == ("DRAFT", 2)
    # people labels the competences the Kommune asked for
    assert {r["competence"]["label"] for r in project["requirements"]} == {
        "ICT accessibility standards",
        "test system accessibility for users with special needs",
        "teach digital literacy",
    }
    submitted = await j.kommune()(
        "mutation($id: ID!) { submitProject(id: $id) { status } }", id=j.project_id
    )
    assert submitted["submitProject"]["status"] == "SUBMITTED"
    hidden = await j.anonymous("query($id: ID!) { project(id: $id) { id } }", id=j.project_id)
    assert hidden["project"] is None, "a submitted project is not public yet"

    published = await j.programme(
        "mutation($id: ID!) { publishProject(id: $id) { status publishedAt } }", id=j.project_id
    )
    assert published["publishProject"]["status"] == "PUBLISHED"
    _, listed = await j.anonymous.raw(
        """query($m: ID!) { projects(filter: {status: [PUBLISHED], municipalityId: $m}) {
             nodes { id title mentor { id } } } }""",
        m=j.municipality_id,
    )
    assert listed["data"]["projects"]["nodes"] == [
        {"id": j.project_id, "title": "Barrierefreie Online-Dienste", "mentor": None}
    ]
    assert _codes(listed) == ["FORBIDDEN"], "the public sees the project, not who its Pat*in is"


async def macherinnen_werden_ausgewaehlt(j: Journey) -> None:
    """Auswahl: two Macher*innen apply, are screened, interviewed with a scorecard, selected."""
    for maker in j.makers:
        applied = await maker.client(
            """mutation($input: ApplyAsMakerInput!) { applyAsMaker(input: $input) {
                 id stage application { id stage } } }""",
            input={
                "name": maker.name,
                "email": maker.email,
                "privacyNoticeVersion": PRIVACY_NOTICE,
                "alumniNetwork": True,
                "profile": {
                    "competences": [
                        {"competenceId": c, "level": level, "years": 3}
                        for c, level in maker.competences.items()
                    ],
                    "background": "BUSINESS",
                    "experienceYears": maker.experience_years,
                    "availability": {
                        "earliestStart": (j.start - timedelta(days=30)).isoformat(),
                        "months": 12,
                    },
                    "regions": {"states": ["06"], "willingToRelocate": True},
                    "topics": ["DIGITALISATION"],
                },
            },
        )
        person = applied["applyAsMaker"]
        assert (person["id"], person["stage"]) == (str(maker.id), "APPLIED")
        maker.application_id = person["application"]["id"]

    for maker in j.makers:
        for step, stage in (("startScreening", "SCREENING"), ("inviteToInterview", "INTERVIEW")):
            moved = await j.programme(
                f"mutation($id: ID!) {{ {step}(applicationId: $id) {{ stage }} }}",
                id=maker.application_id,
            )
            assert moved[step]["stage"] == stage
        await j.programme(
            """mutation($id: ID!, $ratings: [InterviewRatingInput!]!) {
                 recordScorecard(applicationId: $id, ratings: $ratings) { id } }""",
            id=maker.application_id,
            ratings=[
                {"criterion": criterion, "score": 4, "note": "überzeugend"}
                for criterion in ("METHODICAL", "SOCIAL", "PERSONAL", "MOTIVATION", "DOMAIN_FIT")
            ],
        )
        decided = await j.programme(
            """mutation($id: ID!) { decideOnApplication(applicationId: $id, outcome: SELECTED,
                 reason: "Passt fachlich und menschlich") {
                 stage history { stage } scorecards { total interviewer { id } }
                 decision { outcome decidedBy { id } } } }""",
            id=maker.application_id,
        )
        application = decided["decideOnApplication"]
        assert [h["stage"] for h in application["history"]] == [
            "APPLIED",
            "SCREENING",
            "INTERVIEW",
            "SELECTED",
        ]
        assert application["scorecards"] == [{"total": 20, "interviewer": {"id": str(_lena())}}]
        assert application["decision"] == {
            "outcome": "SELECTED",
            "decidedBy": {"id": str(_lena())},
        }
        own = await maker.client("{ me { stage application { stage scorecards { total } } } }")
        assert own["me"] == {
            "stage": "SELECTED",
            "application": {"stage": "SELECTED", "scorecards": None},
        }, "the maker learns the outcome, not the interviewers' scorecards"

    # matching learnt of the selections and ranks them for the project, and the project for them
    # (until matching has learnt of the project itself, it answers NOT_FOUND: not arrived yet)
    ids = {str(m.id) for m in j.makers}
    _, answer = await j.arrives(
        lambda: j.programme.raw(
            """query($id: ID!) { project(id: $id) { candidates {
                 person { id name } fit { eligible score requirements { status } } } } }""",
            id=j.project_id,
        ),
        lambda seen: (
            not seen[1].get("errors")
            and {c["person"]["id"] for c in seen[1]["data"]["project"]["candidates"]} == ids
        ),
    )
    candidates = answer["data"]
    for candidate in candidates["project"]["candidates"]:
        assert candidate["fit"]["eligible"]
        assert candidate["fit"]["score"] > 0.5
    for maker in j.makers:
        recommended = await maker.client(
            "{ me { recommendedProjects { project { id title } fit { eligible } } } }"
        )
        assert recommended["me"]["recommendedProjects"] == [
            {
                "project": {"id": j.project_id, "title": "Barrierefreie Online-Dienste"},
                "fit": {"eligible": True},
            }
        ]


async def matching_lauf_schlaegt_team_vor(j: Journey) -> None:
    """Matching-Lauf: the programme team runs the matching; it proposes our two as the team."""
    ran = await j.programme(
        """mutation { startMatchingRun { id status projects { project { id } filled }
             proposals { id status project { id } members { seatIndex person { id } }
             coverage { mustHaveCovered mustHaveTotal niceToHaveCovered } } } }"""
    )
    run = ran["startMatchingRun"]
    (outcome,) = [p for p in run["projects"] if p["project"]["id"] == j.project_id]
    assert outcome["filled"] == 2
    (proposal,) = [p for p in run["proposals"] if p["project"]["id"] == j.project_id]
    assert proposal["status"] == "OPEN"
    assert {m["person"]["id"] for m in proposal["members"]} == {str(m.id) for m in j.makers}
    assert proposal["coverage"]["mustHaveCovered"] == proposal["coverage"]["mustHaveTotal"] == 2
    assert proposal["coverage"]["niceToHaveCovered"] == 1

    adopted = await j.programme(
        """mutation($id: ID!) { adoptTeamProposal(id: $id) {
             id state seatIndex payGroup person { id } mentor { id } } }""",
        id=proposal["id"],
    )
    by_person = {p["person"]["id"]: p for p in adopted["adoptTeamProposal"]}
    for maker in j.makers:
        placement = by_person[str(maker.id)]
        assert placement["state"] == "PROPOSED"
        assert placement["payGroup"] == SEATS[placement["seatIndex"]]
        assert placement["mentor"] == {"id": str(j.mentor_id)}
        maker.placement_id = placement["id"]


async def coach_wird_gewonnen(j: Journey) -> None:
    """Coaching: the programme team wins a coach for the new team, who takes up to two."""
    await j.programme(
        """mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }""",
        input={
            "id": str(j.coach_id),
            "name": "Dana Kühn",
            "email": f"dana.{j.coach_id.hex[:6]}@coaching.example.org",
            "roles": ["PROGRAMME"],
        },
    )
    registered = await j.programme(
        """mutation($id: ID!) { registerCoach(personId: $id, maxMakers: 2) {
             maxMakers activeMakers person { id name } } }""",
        id=str(j.coach_id),
    )
    assert registered["registerCoach"] == {
        "maxMakers": 2,
        "activeMakers": 0,
        "person": {"id": str(j.coach_id), "name": "Dana Kühn"},
    }


async def zusagen_und_bestaetigungen(j: Journey) -> None:
    """Zusage und Bestätigung: each Macher*in accepts; the Kommune and the programme confirm."""
    for maker in j.makers:
        accepted = await maker.client(
            "mutation($id: ID!) { acceptPlacement(id: $id) { state acceptedAt } }",
            id=maker.placement_id,
        )
        assert accepted["acceptPlacement"]["state"] == "ACCEPTED"
    for maker in j.makers:
        by_kommune = await j.kommune()(
            """mutation($id: ID!) { confirmPlacement(id: $id) {
                 state municipalityConfirmedAt programmeConfirmedAt } }""",
            id=maker.placement_id,
        )
        assert by_kommune["confirmPlacement"]["state"] == "ACCEPTED", "one side is not enough"
        assert by_kommune["confirmPlacement"]["programmeConfirmedAt"] is None
        by_programme = await j.programme(
            "mutation($id: ID!) { confirmPlacement(id: $id) { state } }", id=maker.placement_id
        )
        assert by_programme["confirmPlacement"]["state"] == "CONFIRMED"


async def projekt_ist_besetzt(j: Journey) -> None:
    """Besetzt: projects staffs the seats, people places the makers, learning enrols them in
    the cohort of the start month with its onboarding and a coach; matching pays by TVöD."""
    coaches_of_ours: Counter[str] = Counter()
    staffed = await j.arrives(
        lambda: j.kommune()(
            f"query($id: ID!) {{ project(id: $id) {{ {PROJECT} }} }}", id=j.project_id
        ),
        lambda seen: seen["project"]["status"] == "STAFFED",
    )
    assert staffed["project"]["openSeats"] == 0
    for maker in j.makers:
        await j.arrives(
            lambda maker=maker: maker.client("{ me { stage } }"),
            lambda seen: seen["me"]["stage"] == "PLACED",
        )
    # people, knowing them placed there, lets the Kommune see the names of the team
    team = await j.kommune()(
        "query($id: ID!) { project(id: $id) { seats { member { id name } } } }", id=j.project_id
    )
    assert {(s["member"]["id"], s["member"]["name"]) for s in team["project"]["seats"]} == {
        (str(m.id), m.name) for m in j.makers
    }

    for maker in j.makers:
        enrolled = await j.arrives(
            lambda maker=maker: maker.client(
                """{ me { enrollments { id status cohort { id period startsOn
                       sessions(first: 100) { nodes { kind mandatory } } }
                     coach { id } mentor { id } placement { id } } } }"""
            ),
            lambda seen: len(seen["me"]["enrollments"]) == 1,
        )
        (enrollment,) = enrolled["me"]["enrollments"]
        assert enrollment["status"] == "ACTIVE"
        assert enrollment["cohort"]["period"] == j.start.strftime("%Y-%m")
        assert enrollment["placement"] == {"id": maker.placement_id}
        assert enrollment["mentor"] == {"id": str(j.mentor_id)}
        coaches_of_ours[enrollment["coach"]["id"]] += 1
        kinds = {s["kind"] for s in enrollment["cohort"]["sessions"]["nodes"] if s["mandatory"]}
        assert "ONBOARDING" in kinds, "the cohort follows the curriculum, onboarding first"
        maker.enrollment_id = enrollment["id"]
        assert j.cohort_id in ("", enrollment["cohort"]["id"]), "one cohort for the team"
        j.cohort_id = enrollment["cohort"]["id"]

    # each has a coach with a free place, and the coaches' loads count them
    coaches = await j.programme("{ coaches { maxMakers activeMakers person { id } } }")
    loads = {c["person"]["id"]: c for c in coaches["coaches"]}
    for coach, ours in coaches_of_ours.items():
        assert ours <= loads[coach]["activeMakers"] <= loads[coach]["maxMakers"]

    # the Projektpat*in now sees the team: name and competences, not the private address
    for maker in j.makers:
        seen = await j.pat()(
            "query($id: ID!) { person(id: $id) { name email competences { level } } }",
            id=str(maker.id),
        )
        assert (seen["person"]["name"], seen["person"]["email"]) == (maker.name, None)
        assert len(seen["person"]["competences"]) == len(maker.competences)

    await _pay_follows_the_tvoed_table(j)


async def _pay_follows_the_tvoed_table(j: Journey) -> None:
    """Each month's gross is the rate of the table valid that month, pro rata by days."""
    tables = _tvoed_tables()
    for maker in j.makers:
        seen = await maker.client(
            """query($id: ID!) { placement(id: $id) { state payGroup step startsOn endsOn
                 compensation { payGroup step monthlyGrossEur totalGrossEur
                   months { month rateEur grossEur days tableValidFrom } } } }""",
            id=maker.placement_id,
        )
        placement = seen["placement"]
        assert placement["state"] == "CONFIRMED"
        assert (placement["startsOn"], placement["endsOn"]) == (
            j.start.isoformat(),
            j.end.isoformat(),
        )
        step = 3 if maker.experience_years >= 3 else 2  # § 16 (2) TVöD: experience on hiring
        assert placement["step"] == step
        pay = placement["compensation"]
        months = pay["months"]
        assert sum(m["days"] for m in months) == (j.end - j.start).days + 1
        for month in months:
            first = date.fromisoformat(month["month"])
            valid_from, rate = _rate(tables, first, placement["payGroup"], step)
            assert month["tableValidFrom"] == valid_from.isoformat()
            assert Decimal(month["rateEur"]) == rate
            in_month = calendar.monthrange(first.year, first.month)[1]
            expected = (rate * month["days"] / in_month).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert Decimal(month["grossEur"]) == expected
        assert Decimal(pay["monthlyGrossEur"]) == Decimal(months[0]["rateEur"])
        assert Decimal(pay["totalGrossEur"]) == sum(Decimal(m["grossEur"]) for m in months)


async def projekt_startet(j: Journey) -> None:
    """Projektstart: the Kommune starts the project; matching makes the placements active."""
    started = await j.kommune()(
        """mutation($id: ID!, $on: Date!) {
             startProject(id: $id, startedOn: $on) { status startedOn } }""",
        id=j.project_id,
        on=j.start.isoformat(),
    )
    assert started["startProject"] == {"status": "RUNNING", "startedOn": j.start.isoformat()}
    for maker in j.makers:
        await j.arrives(
            lambda maker=maker: maker.client(
                "query($id: ID!) { placement(id: $id) { state activatedOn } }",
                id=maker.placement_id,
            ),
            lambda seen: (
                seen["placement"] == {"state": "ACTIVE", "activatedOn": j.start.isoformat()}
            ),
        )


async def begleitprogramm(j: Journey) -> None:
    """Begleitprogramm: the team's kick-off takes place and attendance is recorded; the
    Projektpat*in notes a check-in with one of them.

    The programme team adds the kick-off to the cohort a few seconds ahead and seats the
    team (mandatory sessions are arranged by the programme); once it has begun, its
    facilitator records who attended.
    """
    lead = timedelta(seconds=8)
    starts_at = datetime.now(UTC).replace(microsecond=0) + lead
    added = await j.programme(
        """mutation($input: AddSessionInput!) { addSession(input: $input) { id status } }""",
        input={
            "cohortId": j.cohort_id,
            "kind": "ONBOARDING",
            "title": "Auftakt des Marburger Teams",
            "startsAt": starts_at.isoformat(),
            "durationMinutes": 90,
            "format": "ON_SITE",
            "capacity": 20,
            "mandatory": True,
            "location": "Rathaus Marburg",
            "facilitatorId": str(_lena()),
        },
    )
    j.kick_off_id = added["addSession"]["id"]
    for maker in j.makers:
        seat = await j.programme(
            """mutation($s: ID!, $p: ID!) {
                 enrollInSession(sessionId: $s, personId: $p) { status } }""",
            s=j.kick_off_id,
            p=str(maker.id),
        )
        assert seat["enrollInSession"]["status"] == "ENROLLED"
    await asyncio.sleep(max(0.0, (starts_at - datetime.now(UTC)).total_seconds()) + 0.5)

    for maker in j.makers:
        recorded = await j.programme(
            """mutation($s: ID!, $p: ID!) { recordAttendance(sessionId: $s, personId: $p,
                 status: ATTENDED) { status person { id } } }""",
            s=j.kick_off_id,
            p=str(maker.id),
        )
        assert recorded["recordAttendance"]["status"] == "ATTENDED"
    session = await j.programme(
        "query($id: ID!) { session(id: $id) { attendanceCounts { attended } } }",
        id=j.kick_off_id,
    )
    assert session["session"]["attendanceCounts"] == {"attended": 2}
    for maker in j.makers:
        own = await maker.client(
            "query($id: ID!) { session(id: $id) { myParticipation { status attendance } } }",
            id=j.kick_off_id,
        )
        assert own["session"]["myParticipation"] == {"status": "ENROLLED", "attendance": "ATTENDED"}

    first = j.makers[0]
    noted = await j.pat()(
        """mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) {
             note on author { id } } }""",
        input={
            "enrollmentId": first.enrollment_id,
            "on": (j.start + timedelta(days=14)).isoformat(),
            "note": "Gut angekommen, erste Formularanalyse steht.",
        },
    )
    assert noted["recordCheckIn"]["author"] == {"id": str(j.mentor_id)}
    for reader in (first.client, j.pat()):
        seen = await reader(
            """query($id: ID!) { enrollment(id: $id) {
                 checkIns { note } progress { mandatoryTotal } } }""",
            id=first.enrollment_id,
        )
        assert seen["enrollment"]["checkIns"] == [
            {"note": "Gut angekommen, erste Formularanalyse steht."}
        ]
        # the kick-off counts towards progress once it is over, in ninety minutes
        assert seen["enrollment"]["progress"]["mandatoryTotal"] >= 1
    _, colleague = await j.makers[1].client.raw(
        "query($id: ID!) { enrollment(id: $id) { checkIns { note } } }", id=first.enrollment_id
    )
    assert _codes(colleague) == ["FORBIDDEN"], "the tandem's notes stay with the tandem"


async def projekt_endet(j: Journey) -> None:
    """Abschluss: the placements end on their last day, the Kommune completes the project;
    people makes the makers alumni and learning records their programme completion."""
    for maker in j.makers:
        ended = await j.programme(
            """mutation($input: EndPlacementInput!) { endPlacement(input: $input) {
                 state outcome endedOn } }""",
            input={"id": maker.placement_id, "outcome": "COMPLETED", "endedOn": j.end.isoformat()},
        )
        assert ended["endPlacement"] == {
            "state": "ENDED",
            "outcome": "COMPLETED",
            "endedOn": j.end.isoformat(),
        }
    completed = await j.kommune()(
        """mutation($id: ID!, $on: Date!) {
             completeProject(id: $id, completedOn: $on) { status completedOn } }""",
        id=j.project_id,
        on=j.end.isoformat(),
    )
    assert completed["completeProject"] == {"status": "COMPLETED", "completedOn": j.end.isoformat()}

    for maker in j.makers:
        await j.arrives(
            lambda maker=maker: maker.client("{ me { stage } }"),
            lambda seen: seen["me"]["stage"] == "ALUMNI",
        )
        closed = await j.arrives(
            lambda maker=maker: maker.client(
                """{ me { learningProgress { status completed }
                     enrollments { status closedOn
                       completion { completed endedOn mandatoryAttended mandatoryDue } } } }"""
            ),
            lambda seen: seen["me"]["enrollments"][0]["status"] != "ACTIVE",
        )
        (enrollment,) = closed["me"]["enrollments"]
        assert (enrollment["status"], enrollment["closedOn"]) == ("COMPLETED", j.end.isoformat())
        completion = enrollment["completion"]
        assert (completion["completed"], completion["endedOn"]) == (True, j.end.isoformat())
        assert completion["mandatoryAttended"] <= completion["mandatoryDue"]
        assert closed["me"]["learningProgress"] == {"status": "COMPLETED", "completed": True}
    # the seats show who holds them now: nobody, the team's work is done
    await j.arrives(
        lambda: j.kommune()(
            "query($id: ID!) { project(id: $id) { status seats { filled } } }", id=j.project_id
        ),
        lambda seen: seen["project"] == {"status": "COMPLETED", "seats": [{"filled": False}] * 2},
    )


EXPORT = "personId generatedAt people projects matching learning"


async def auskunft(j: Journey, maker: Maker) -> None:
    """Auskunft (DSGVO Art. 15): one document from all four services."""
    exported = await maker.client(f"{{ myDataExport {{ {EXPORT} }} }}")
    document = exported["myDataExport"]
    assert document["personId"] == str(maker.id)
    text = {part: repr(document[part]) for part in ("people", "projects", "matching", "learning")}
    assert maker.email in text["people"]
    assert maker.application_id in text["people"], "the application"
    assert j.project_id in text["projects"], "the seat on the team"
    assert maker.placement_id in text["matching"], "the placement and its pay"
    assert maker.enrollment_id in text["learning"], "the enrolment"
    assert "Gut angekommen" in text["learning"], "the check-in"
    assert j.kick_off_id in text["learning"], "the attendance"


async def loeschung(j: Journey, maker: Maker) -> None:
    """Löschung (DSGVO Art. 17): the Macher*in has their data erased; every service confirms,
    and no service shows anything of them any more."""
    asked = await maker.client(
        "mutation($id: ID!) { erasePerson(personId: $id) { id participants pendingServices } }",
        id=str(maker.id),
    )
    erasure = asked["erasePerson"]
    assert sorted(erasure["participants"]) == ["learning", "matching", "projects"]
    done = await j.arrives(
        lambda: j.programme(
            """query($id: ID!) { erasureRequest(id: $id) { done pendingServices
                 completedServices { service } } }""",
            id=erasure["id"],
        ),
        lambda seen: seen["erasureRequest"]["done"],
    )
    assert {c["service"] for c in done["erasureRequest"]["completedServices"]} == {
        "learning",
        "matching",
        "projects",
    }

    # people: the person is gone; the pipeline and the search forget them
    assert (await maker.client("{ me { id } }"))["me"] is None
    _, answer = await j.programme.raw(
        "query($id: ID!) { person(id: $id) { id name } }", id=str(maker.id)
    )
    assert _codes(answer) == ["NOT_FOUND"], answer
    found = await j.programme(
        "query($name: String!) { persons(filter: {name: $name}) { totalCount } }",
        name=maker.name,
    )
    assert found["persons"]["totalCount"] == 0
    applications = await j.programme("{ makerApplications(first: 100) { nodes { id } } }")
    assert maker.application_id not in {a["id"] for a in applications["makerApplications"]["nodes"]}
    # matching: the placement keeps the seat's history without the maker; no profile is ranked
    placement = await j.programme(
        "query($id: ID!) { placement(id: $id) { state person { id } } }", id=maker.placement_id
    )
    assert placement["placement"] == {"state": "ENDED", "person": None}
    candidates = await j.programme(
        "query($id: ID!) { project(id: $id) { candidates { person { id } } } }", id=j.project_id
    )
    assert str(maker.id) not in repr(candidates)
    # learning: enrolment, seats, attendance and check-ins are gone, anonymous counts stay
    _, answer = await j.programme.raw(
        "query($id: ID!) { enrollment(id: $id) { id } }", id=maker.enrollment_id
    )
    assert _codes(answer) == ["NOT_FOUND"], answer
    session = await j.programme(
        """query($id: ID!) { session(id: $id) {
             attendanceCounts { attended } participants { person { id } } } }""",
        id=j.kick_off_id,
    )
    assert session["session"]["attendanceCounts"] == {"attended": 2}
    assert str(maker.id) not in repr(session["session"]["participants"])
    # and the export of every service comes back empty
    after = await j.programme(
        f"query($id: ID!) {{ personalDataExport(personId: $id) {{ {EXPORT} }} }}",
        id=str(maker.id),
    )
    assert maker.email not in repr(after)
    assert maker.name not in repr(after)
    for part in ("projects", "matching", "learning"):
        assert maker.placement_id not in repr(after["personalDataExport"][part])

    # the colleague is untouched: still alumni, and every service still holds their part
    colleague = j.makers[1]
    assert (await colleague.client("{ me { stage } }"))["me"]["stage"] == "ALUMNI"
    theirs = await colleague.client(f"{{ myDataExport {{ {EXPORT} }} }}")
    for part in ("projects", "matching", "learning"):
        assert colleague.placement_id in repr(theirs["myDataExport"][part]), part

    await _no_row_remembers(j, maker)


# --- the databases, after the erasure ---------------------------------------------------

KEEPS_THE_ID = {
    ("people", "erasure_requests"): "the erasure's own record, which the person may follow",
    ("matching", "erased_persons"): "the tombstone that keeps a late event from reviving them",
    ("people", "applied_versions"): "the version the erasure reached, for the same reason",
    ("projects", "applied_versions"): "as above",
    ("matching", "applied_versions"): "as above",
    ("learning", "applied_versions"): "as above",
}
"""Where the erased person's id stays by design (never their name or e-mail)."""
ERASURE_EVENTS = ("people.person.erased.v1", ".erasure.completed.v1")
"""Published announcements of the erasure itself: they name the id and nothing else."""


def _kept_by_design(service: str, table: str, row: str) -> bool:
    if (service, table) in KEEPS_THE_ID:
        return True
    # an outbox row reads (position,event_id,event_type,subject,envelope,...)
    event_type = row.split(",")[2] if table == "outbox" else ""
    return event_type.endswith(ERASURE_EVENTS)


async def _no_row_remembers(j: Journey, maker: Maker) -> None:
    """Search every row of every table of every service database for the id, the e-mail and
    the name (each row as text, so uuid, json and array columns are searched too)."""
    rows = (
        await _postgres_rows(j.platform, j.postgres_url, maker)
        if j.postgres_url is not None
        else _sqlite_rows(j.data_dir, maker)
    )
    found = [
        f"{service}.{table}: {text[:300]}"
        for service, table, text in rows
        if maker.email.lower() in text.lower()
        or maker.name in text
        or not _kept_by_design(service, table, text)
    ]
    assert not found, "\n".join(found)
    kept = {(service, table) for service, table, _ in rows}
    assert ("people", "erasure_requests") in kept, "the search finds what is kept by design"
    assert ("matching", "erased_persons") in kept, "the search finds what is kept by design"


async def _postgres_rows(
    platform: PlatformUnderTest, postgres_url: str, maker: Maker
) -> list[tuple[str, str, str]]:
    """(service, table, row as text) of the rows that mention the maker, distributed mode."""
    server = await asyncpg.connect(postgres_url)
    try:
        databases = [
            row["datname"]
            for row in await server.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1",
                f"{platform.database_prefix}%",
            )
        ]
    finally:
        await server.close()
    assert len(databases) == 4, databases
    mentions = []
    for database in databases:
        service = database.removeprefix(platform.database_prefix)
        connection = await asyncpg.connect(_with_database(postgres_url, database))
        try:
            tables = await connection.fetch(
                """SELECT table_schema, table_name FROM information_schema.tables
                   WHERE table_type = 'BASE TABLE'
                     AND table_schema NOT IN ('pg_catalog', 'information_schema')"""
            )
            for table in tables:
                name = f'"{table["table_schema"]}"."{table["table_name"]}"'
                rows = await connection.fetch(
                    f"SELECT t::text AS row FROM {name} AS t "
                    "WHERE t::text ILIKE $1 OR t::text ILIKE $2 OR t::text ILIKE $3",
                    f"%{maker.id}%",
                    f"%{maker.email}%",
                    f"%{maker.name}%",
                )
                mentions += [(service, table["table_name"], row["row"]) for row in rows]
        finally:
            await connection.close()
    return mentions


def _sqlite_rows(data_dir: Path | None, maker: Maker) -> list[tuple[str, str, str]]:
    """The same in the embedded mode's SQLite files (where a uuid may be stored as hex),
    the in-process broker's queue included."""
    assert data_dir is not None
    files = sorted(data_dir.glob("*.sqlite"))
    assert {f.stem for f in files} >= {"people", "projects", "matching", "learning"}, files
    needles = (str(maker.id), maker.id.hex, maker.email.lower(), maker.name)
    mentions = []
    for file in files:
        with contextlib.closing(sqlite3.connect(file)) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            for table in tables:
                for row in connection.execute(f'SELECT * FROM "{table}"'):
                    text = "(" + ",".join(_text(value) for value in row) + ")"
                    if any(needle in text or needle in text.lower() for needle in needles):
                        mentions.append((file.stem, table, text))
    return mentions


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _codes(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


def _with_database(url: str, database: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{database}"


# --- the test -----------------------------------------------------------------------------


@pytest.fixture(
    params=[
        "embedded",
        pytest.param("distributed", marks=[pytest.mark.postgres, pytest.mark.rabbitmq]),
    ]
)
def servers(request: pytest.FixtureRequest) -> tuple[str, str] | None:
    """PostgreSQL and RabbitMQ for the distributed mode; nothing for the embedded one."""
    if request.param == "embedded":
        return None
    return request.getfixturevalue("postgres_server"), request.getfixturevalue("amqp_url")


@pytest.fixture
async def platform(
    servers: tuple[str, str] | None, tmp_path: Path
) -> AsyncIterator[PlatformUnderTest]:
    if servers is None:
        async with embedded_platform(tmp_path) as embedded:
            yield embedded
        return
    postgres_url, amqp_url = servers
    async with distributed_platform(
        tmp_path / "run", postgres_url=postgres_url, amqp_url=amqp_url
    ) as distributed:
        yield distributed


async def test_a_project_from_the_kommunes_application_to_a_makers_erasure(
    platform: PlatformUnderTest, servers: tuple[str, str] | None, tmp_path: Path
) -> None:
    if servers is None:
        j = _cast(platform, postgres_url=None, data_dir=tmp_path)
    else:
        j = _cast(platform, postgres_url=servers[0], data_dir=None)
    await kommune_bewirbt_sich(j)
    await programm_nimmt_auf(j)
    await projekt_wird_ausgeschrieben(j)
    await macherinnen_werden_ausgewaehlt(j)
    await matching_lauf_schlaegt_team_vor(j)
    await coach_wird_gewonnen(j)
    await zusagen_und_bestaetigungen(j)
    await projekt_ist_besetzt(j)
    await projekt_startet(j)
    await begleitprogramm(j)
    await projekt_endet(j)
    await auskunft(j, j.makers[0])
    await loeschung(j, j.makers[0])


def _cast(
    platform: PlatformUnderTest, *, postgres_url: str | None, data_dir: Path | None
) -> Journey:
    run = uuid.uuid4().hex[:8]
    j = Journey(
        platform=platform,
        postgres_url=postgres_url,
        data_dir=data_dir,
        start=_project_start(),
        programme=platform.client(platform.demo_token("programme-lena", Role.PROGRAMME)),
        anonymous=platform.client(),
    )
    for name, years, competences in (
        (
            "Aylin Demir",
            6,
            {ACCESSIBILITY_STANDARDS: 4, ACCESSIBILITY_TESTING: 3, DIGITAL_LITERACY: 3},
        ),
        ("Mira Hoffmann", 2, {ACCESSIBILITY_STANDARDS: 3, ACCESSIBILITY_TESTING: 4}),
    ):
        person = uuid.uuid4()
        j.makers.append(
            Maker(
                name=name,
                email=f"{name.split()[0].lower()}.{run}@example.org",
                experience_years=years,
                competences=competences,
                client=platform.client(platform.token(person, [Role.MAKER])),
                id=person,
            )
        )
    return j


def _lena() -> uuid.UUID:
    return demo_id("person", "programme-lena")


# --- dates and the TVöD table -------------------------------------------------------------


def _project_start() -> date:
    """Six months that ended before today (Berlin) and lie within the shipped TVöD tables."""
    last_table_day = max(valid_to for valid_to, *_ in _tvoed_tables())
    yesterday = datetime.now(BERLIN).date() - timedelta(days=1)
    return _add_months(min(yesterday, last_table_day) + timedelta(days=1), -6)


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _tvoed_tables() -> list[tuple[date, date, str, int, Decimal]]:
    """The TVöD VKA tables matching ships (valid to, valid from, group, step, monthly gross)."""
    source = files("lokal_matching") / "data" / "tvoed-vka.csv"
    with source.open(encoding="utf-8") as rows:
        return [
            (
                date.fromisoformat(row["valid_to"]),
                date.fromisoformat(row["valid_from"]),
                row["pay_group"],
                int(row["step"]),
                Decimal(row["monthly_gross_eur"]),
            )
            for row in csv.DictReader(rows)
        ]


def _rate(
    tables: list[tuple[date, date, str, int, Decimal]], month: date, group: str, step: int
) -> tuple[date, Decimal]:
    (found,) = [
        (valid_from, gross)
        for valid_to, valid_from, g, s, gross in tables
        if valid_from <= month <= valid_to and (g, s) == (group, step)
    ]
    return found
