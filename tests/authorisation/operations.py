"""Every mutation of the supergraph with valid input, arranged so that a refusal can only be
about who asks: each allowed role acts on a fresh copy of what the mutation changes."""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .world import (
    DEMO_COHORT,
    MUNICIPALITY,
    PERSONS,
    PROJECT,
    RATINGS,
    TEMPLATE,
    World,
    application_input,
    in_,
    person_input,
    today,
)


@dataclass
class Case:
    variables: dict[str, Any]
    maker: uuid.UUID | None = None
    """The maker the case is about, when it is not the world's subject maker."""


@dataclass(frozen=True)
class Operation:
    document: str
    arrange: Callable[[World], Awaitable[Case]]
    fresh_callers: bool = False
    """Each caller is a new person (applying as a maker is once per person)."""
    before: tuple[str, dict[str, Any]] | None = None
    """What each caller does first (a consent is given before it is withdrawn)."""
    tolerated: frozenset[str] = field(default_factory=frozenset)
    """Codes that still mean "allowed": the state the world can reach is not the one needed."""


def fixed(**variables: Any) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        return Case(variables)

    return arrange


def by(make: Callable[[World], dict[str, Any]]) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        return Case(make(world))

    return arrange


def on_placement(state: str, **extra: Any) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        return Case({"id": await world.new_placement(state), **extra})

    return arrange


def on_project(status: str, **extra: Any) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        return Case({"id": await world.new_project(status), **extra})

    return arrange


def on_application(stage: str, **extra: Any) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        person, application = await world.new_applicant(stage)
        return Case({"applicationId": application, **extra}, maker=person)

    return arrange


def on_municipality_application(status: str, **extra: Any) -> Callable[[World], Awaitable[Case]]:
    async def arrange(world: World) -> Case:
        return Case({"id": await world.new_municipality_application(status), **extra})

    return arrange


async def _erase(world: World) -> Case:
    person, _ = await world.new_applicant()
    return Case({"personId": str(person)}, maker=person)


async def _set_roles(world: World) -> Case:
    person = await world.new_person()
    roles = ["MUNICIPALITY_STAFF", "MENTOR"]
    return Case({"personId": person, "roles": roles, "municipalityIds": [str(MUNICIPALITY)]})


async def _contact(world: World) -> Case:
    return Case({"municipalityId": str(MUNICIPALITY), "personId": await world.new_person()})


async def _listed_contact(world: World) -> Case:
    case = await _contact(world)
    await world.programme(
        """mutation($m: ID!, $p: ID!) { addMunicipalityContact(municipalityId: $m, personId: $p) {
             id } }""",
        m=case.variables["municipalityId"],
        p=case.variables["personId"],
    )
    return case


async def _proposal(world: World) -> Case:
    project = await world.new_project()
    proposed = await world.programme(
        "mutation($id: ID!) { proposeTeam(projectId: $id) { id } }", id=project
    )
    return Case({"id": proposed["proposeTeam"]["id"]})


async def _placement_input(world: World) -> Case:
    project = await world.new_project()
    return Case(
        {"input": {"projectId": project, "personId": str(PERSONS["maker"]), "seatIndex": 0}}
    )


async def _ending(world: World) -> Case:
    placement = await world.new_placement("CONFIRMED")
    return Case(
        {
            "input": {
                "id": placement,
                "outcome": "TERMINATED_EARLY",
                "endedOn": today(),
                "reason": "The matrix ends it.",
            }
        }
    )


async def _session(world: World) -> Case:
    return Case({"sessionId": await world.new_session()})


async def _seat(world: World) -> Case:
    session = await world.new_session()
    return Case({"sessionId": session, "personId": str(PERSONS["maker"])})


async def _taken_seat(world: World) -> Case:
    session = await world.new_session(enrol_subject=True)
    return Case({"sessionId": session, "personId": str(PERSONS["maker"])})


async def _coach(world: World) -> Case:
    coach = str(uuid.uuid4())
    await world.programme(
        "mutation($p: ID!) { registerCoach(personId: $p, maxMakers: 3) { maxMakers } }", p=coach
    )
    return Case({"enrollmentId": world.enrollment, "coachId": coach})


def _ags() -> str:
    return f"{random.randint(1, 16):02d}{random.randint(0, 999999):06d}"


CONSENT = {"purpose": "ALUMNI_NETWORK", "privacyNoticeVersion": "2026-09"}
GIVE_CONSENT = """mutation($purpose: ConsentPurpose!, $privacyNoticeVersion: String!) {
  giveConsent(purpose: $purpose, privacyNoticeVersion: $privacyNoticeVersion) { id } }"""

OPERATIONS: dict[str, Operation] = {
    # --- people ---------------------------------------------------------------------------
    "applyAsMaker": Operation(
        "mutation($input: ApplyAsMakerInput!) { applyAsMaker(input: $input) { id } }",
        by(lambda w: {"input": application_input()}),
        fresh_callers=True,
    ),
    "registerPerson": Operation(
        "mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }",
        by(lambda w: {"input": person_input()}),
    ),
    "setPersonRoles": Operation(
        """mutation($personId: ID!, $roles: [PersonRole!]!, $municipalityIds: [ID!]!) {
             setPersonRoles(personId: $personId, roles: $roles, municipalityIds: $municipalityIds)
             { id } }""",
        _set_roles,
    ),
    "updateMyDetails": Operation(
        "mutation($input: PersonDetailsInput!) { updateMyDetails(input: $input) { id } }",
        fixed(input={"preferredLanguage": "de"}),
    ),
    "updateMyMakerProfile": Operation(
        "mutation($input: MakerProfileInput!) { updateMyMakerProfile(input: $input) { id } }",
        fixed(input={"links": ["https://example.org/matrix"]}),
    ),
    "giveConsent": Operation(GIVE_CONSENT, fixed(**CONSENT)),
    "withdrawConsent": Operation(
        "mutation($purpose: ConsentPurpose!) { withdrawConsent(purpose: $purpose) { id } }",
        fixed(purpose="ALUMNI_NETWORK"),
        before=(GIVE_CONSENT, CONSENT),
    ),
    "startScreening": Operation(
        "mutation($applicationId: ID!) { startScreening(applicationId: $applicationId) { id } }",
        on_application("APPLIED"),
    ),
    "inviteToInterview": Operation(
        """mutation($applicationId: ID!) { inviteToInterview(applicationId: $applicationId) {
             id } }""",
        on_application("SCREENING"),
    ),
    "recordScorecard": Operation(
        """mutation($applicationId: ID!, $ratings: [InterviewRatingInput!]!) {
             recordScorecard(applicationId: $applicationId, ratings: $ratings) { id } }""",
        on_application("INTERVIEW", ratings=RATINGS),
    ),
    "decideOnApplication": Operation(
        """mutation($applicationId: ID!, $outcome: SelectionOutcome!, $reason: String!) {
             decideOnApplication(applicationId: $applicationId, outcome: $outcome,
                                 reason: $reason) { id } }""",
        on_application("SCORED", outcome="REJECTED", reason="Not this round."),
    ),
    "withdrawApplication": Operation(
        """mutation($applicationId: ID!) { withdrawApplication(applicationId: $applicationId) {
             id } }""",
        on_application("APPLIED"),
    ),
    "erasePerson": Operation(
        "mutation($personId: ID!) { erasePerson(personId: $personId) { id } }", _erase
    ),
    # --- projects -------------------------------------------------------------------------
    "registerMunicipality": Operation(
        """mutation($input: RegisterMunicipalityInput!) { registerMunicipality(input: $input) {
             id } }""",
        by(lambda w: {"input": {"ags": _ags(), "name": "Matrixstadt", "kind": "CITY"}}),
    ),
    "updateMunicipality": Operation(
        """mutation($id: ID!, $input: UpdateMunicipalityInput!) {
             updateMunicipality(id: $id, input: $input) { id } }""",
        fixed(id=str(MUNICIPALITY), input={"website": "https://www.eschwege.de"}),
    ),
    "addMunicipalityContact": Operation(
        """mutation($municipalityId: ID!, $personId: ID!) {
             addMunicipalityContact(municipalityId: $municipalityId, personId: $personId) {
             id } }""",
        _contact,
    ),
    "removeMunicipalityContact": Operation(
        """mutation($municipalityId: ID!, $personId: ID!) {
             removeMunicipalityContact(municipalityId: $municipalityId, personId: $personId) {
             id } }""",
        _listed_contact,
    ),
    "applyForProgramme": Operation(
        """mutation($input: ApplyForProgrammeInput!) { applyForProgramme(input: $input) {
             id } }""",
        by(
            lambda w: {
                "input": {
                    "municipalityId": str(MUNICIPALITY),
                    "motivation": "More.",
                    "problem": "Paper.",
                    "round": f"R{uuid.uuid4().hex[:8].upper()}",
                }
            }
        ),
    ),
    "reviewMunicipalityApplication": Operation(
        "mutation($id: ID!) { reviewMunicipalityApplication(id: $id) { id } }",
        on_municipality_application("SUBMITTED"),
    ),
    "decideMunicipalityApplication": Operation(
        """mutation($id: ID!, $decision: MunicipalityApplicationDecision!, $reason: String!) {
             decideMunicipalityApplication(id: $id, decision: $decision, reason: $reason) {
             id } }""",
        on_municipality_application("IN_REVIEW", decision="REJECTED", reason="Not now."),
    ),
    "withdrawMunicipalityApplication": Operation(
        "mutation($id: ID!) { withdrawMunicipalityApplication(id: $id) { id } }",
        on_municipality_application("SUBMITTED"),
    ),
    "createProject": Operation(
        "mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }",
        by(lambda w: {"input": w.project_input()}),
    ),
    "updateProject": Operation(
        """mutation($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id,
             input: $input) { id } }""",
        on_project("DRAFT", input={"goal": "A sharper goal."}),
    ),
    "submitProject": Operation(
        "mutation($id: ID!) { submitProject(id: $id) { id } }", on_project("DRAFT")
    ),
    "publishProject": Operation(
        "mutation($id: ID!) { publishProject(id: $id) { id } }", on_project("SUBMITTED")
    ),
    "startProject": Operation(
        "mutation($id: ID!) { startProject(id: $id) { id } }", on_project("STAFFED")
    ),
    "completeProject": Operation(
        "mutation($id: ID!) { completeProject(id: $id) { id } }", on_project("RUNNING")
    ),
    "cancelProject": Operation(
        "mutation($id: ID!) { cancelProject(id: $id) { id } }", on_project("DRAFT")
    ),
    # --- matching -------------------------------------------------------------------------
    "proposeTeam": Operation(
        "mutation($projectId: ID!) { proposeTeam(projectId: $projectId) { id } }",
        fixed(projectId=str(PROJECT)),
    ),
    "startMatchingRun": Operation("mutation { startMatchingRun { id } }", fixed()),
    "adoptTeamProposal": Operation(
        "mutation($id: ID!) { adoptTeamProposal(id: $id) { id } }", _proposal
    ),
    "proposePlacement": Operation(
        "mutation($input: ProposePlacementInput!) { proposePlacement(input: $input) { id } }",
        _placement_input,
    ),
    "acceptPlacement": Operation(
        "mutation($id: ID!) { acceptPlacement(id: $id) { id } }", on_placement("PROPOSED")
    ),
    "declinePlacement": Operation(
        "mutation($id: ID!, $reason: String) { declinePlacement(id: $id, reason: $reason) { id } }",
        on_placement("PROPOSED", reason="Another offer."),
    ),
    "withdrawPlacement": Operation(
        """mutation($id: ID!, $reason: String!) { withdrawPlacement(id: $id, reason: $reason) {
             id } }""",
        on_placement("PROPOSED", reason="Plans changed."),
    ),
    "confirmPlacement": Operation(
        "mutation($id: ID!) { confirmPlacement(id: $id) { id } }", on_placement("ACCEPTED")
    ),
    "activatePlacement": Operation(
        "mutation($id: ID!) { activatePlacement(id: $id) { id } }",
        on_placement("CONFIRMED"),
        # The world's placements start in the future: an allowed caller is told so.
        tolerated=frozenset({"ILLEGAL_TRANSITION"}),
    ),
    "endPlacement": Operation(
        "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }", _ending
    ),
    "overridePlacementStep": Operation(
        """mutation($id: ID!, $step: Int!, $reason: String!) {
             overridePlacementStep(id: $id, step: $step, reason: $reason) { id } }""",
        on_placement("PROPOSED", step=2, reason="Two years in a comparable role."),
    ),
    "assignPlacementMentor": Operation(
        """mutation($id: ID!, $mentorId: ID!) { assignPlacementMentor(id: $id,
             mentorId: $mentorId) { id } }""",
        on_placement("PROPOSED", mentorId=str(PERSONS["mentor"])),
    ),
    # --- learning -------------------------------------------------------------------------
    "createCurriculumTemplate": Operation(
        """mutation($input: CreateCurriculumTemplateInput!) {
             createCurriculumTemplate(input: $input) { id } }""",
        fixed(
            input={
                "name": "Matrix curriculum",
                "items": [
                    {
                        "kind": "WORKSHOP",
                        "title": "Kick-off",
                        "offsetDays": 0,
                        "startTime": "10:00:00",
                        "durationMinutes": 60,
                        "format": "ONLINE",
                        "mandatory": True,
                        "capacity": 20,
                    }
                ],
            }
        ),
    ),
    "makeCurriculumTemplateCurrent": Operation(
        """mutation($templateId: ID!) { makeCurriculumTemplateCurrent(templateId: $templateId) {
             id } }""",
        fixed(templateId=str(TEMPLATE)),
    ),
    "createCohort": Operation(
        "mutation($input: CreateCohortInput!) { createCohort(input: $input) { id } }",
        by(
            lambda w: {
                "input": {"templateId": str(TEMPLATE), "startsOn": w.next_start().isoformat()}
            }
        ),
    ),
    "addSession": Operation(
        "mutation($input: AddSessionInput!) { addSession(input: $input) { id } }",
        by(lambda w: {"input": w.session_input()}),
    ),
    "moveSession": Operation(
        "mutation($input: MoveSessionInput!) { moveSession(input: $input) { id } }",
        lambda w: _with_session(w, lambda s: {"input": {"sessionId": s, "startsAt": in_(2e5)}}),
    ),
    "cancelSession": Operation(
        "mutation($sessionId: ID!) { cancelSession(sessionId: $sessionId) { id } }", _session
    ),
    "updateSession": Operation(
        "mutation($input: UpdateSessionInput!) { updateSession(input: $input) { id } }",
        lambda w: _with_session(w, lambda s: {"input": {"sessionId": s, "title": "Renamed"}}),
    ),
    "scheduleCoachingAppointment": Operation(
        """mutation($input: ScheduleCoachingAppointmentInput!) {
             scheduleCoachingAppointment(input: $input) { id } }""",
        by(
            lambda w: {
                "input": {
                    "enrollmentId": w.enrollment,
                    "startsAt": in_(3e5),
                    "durationMinutes": 45,
                    "format": "ONLINE",
                    "onlineUrl": "https://meet.example.org/coaching",
                }
            }
        ),
    ),
    "enrollInSession": Operation(
        """mutation($sessionId: ID!, $personId: ID) { enrollInSession(sessionId: $sessionId,
             personId: $personId) { status } }""",
        _seat,
    ),
    "cancelSessionEnrollment": Operation(
        """mutation($sessionId: ID!, $personId: ID) {
             cancelSessionEnrollment(sessionId: $sessionId, personId: $personId) { id } }""",
        _taken_seat,
    ),
    "recordAttendance": Operation(
        """mutation($sessionId: ID!, $personId: ID!) { recordAttendance(sessionId: $sessionId,
             personId: $personId, status: EXCUSED) { id } }""",
        by(lambda w: {"sessionId": w.session, "personId": str(PERSONS["maker"])}),
    ),
    "enrollInCohort": Operation(
        """mutation($cohortId: ID!, $personId: ID!) { enrollInCohort(cohortId: $cohortId,
             personId: $personId) { id } }""",
        by(lambda w: {"cohortId": str(DEMO_COHORT), "personId": str(uuid.uuid4())}),
    ),
    "registerCoach": Operation(
        """mutation($personId: ID!) { registerCoach(personId: $personId, maxMakers: 3) {
             maxMakers } }""",
        by(lambda w: {"personId": str(uuid.uuid4())}),
    ),
    "assignCoach": Operation(
        """mutation($enrollmentId: ID!, $coachId: ID!) { assignCoach(enrollmentId: $enrollmentId,
             coachId: $coachId) { id } }""",
        _coach,
    ),
    "recordCheckIn": Operation(
        "mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }",
        by(
            lambda w: {
                "input": {
                    "enrollmentId": w.enrollment,
                    "on": today(),
                    "note": "Going well.",
                }
            }
        ),
    ),
    "issueCalendarToken": Operation("mutation { issueCalendarToken { token } }", fixed()),
}


async def _with_session(world: World, make: Callable[[str], dict[str, Any]]) -> Case:
    return Case(make(await world.new_session()))
