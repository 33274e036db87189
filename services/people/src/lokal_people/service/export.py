"""The people service's part of a personal-data export (DSGVO Art. 15 and 20)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_people.domain.erasure import ErasureRequest
from lokal_people.domain.persons import Person
from lokal_people.domain.pipeline import MakerApplication
from lokal_people.domain.placements import Placement
from lokal_people.service.access import require_self_or_programme
from lokal_people.service.unit_of_work import PeopleUnitOfWork


async def export_person(
    uow: PeopleUnitOfWork, principal: Principal, person_id: UUID
) -> dict[str, Any]:
    """Everything this service holds on the person, as JSON-ready data."""
    require_self_or_programme(principal, person_id)
    async with uow.reading():
        person = await uow.persons.get(person_id)
        application = await uow.applications.for_person(person_id)
        placements = (await uow.placements.of_persons([person_id])).get(person_id, [])
        erasures = await uow.erasures.for_person(person_id)
        labels = {}
        if person is not None and person.profile is not None:
            found = await uow.catalogue.get_many(person.profile.competence_ids())
            labels = {cid: c.label for cid, c in found.items()}
    return {
        "person": _person(person, labels) if person else None,
        "application": _application(application) if application else None,
        "placements": [_placement(p) for p in placements],
        "erasureRequests": [_erasure(e) for e in erasures],
    }


def _person(person: Person, labels: dict[str, str]) -> dict[str, Any]:
    profile = person.profile
    return {
        "id": str(person.id),
        "name": person.name,
        "email": person.email,
        "workEmail": person.work_email,
        "phone": person.phone,
        "preferredLanguage": person.preferred_language,
        "roles": sorted(r.value for r in person.roles),
        "municipalityIds": sorted(str(m) for m in person.municipality_ids),
        "registeredAt": person.created_at.isoformat(),
        "consents": [
            {
                "purpose": c.purpose.value,
                "privacyNoticeVersion": c.privacy_notice_version,
                "givenAt": c.given_at.isoformat(),
                "withdrawnAt": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents
        ],
        "makerProfile": None
        if profile is None
        else {
            "background": profile.background.value,
            "experienceYears": profile.experience_years,
            "availability": {
                "earliestStart": profile.availability.earliest_start.isoformat(),
                "months": profile.availability.months,
                "workload": profile.availability.workload.value,
            },
            "regions": {
                "states": list(profile.regions.states),
                "agsPrefixes": list(profile.regions.ags_prefixes),
                "willingToRelocate": profile.regions.willing_to_relocate,
            },
            "topics": [t.value for t in profile.topics],
            "links": list(profile.links),
            "competences": [
                {
                    "competenceId": c.competence_id,
                    "label": labels.get(c.competence_id),
                    "level": c.level,
                    "years": c.years,
                    "evidence": c.evidence,
                }
                for c in profile.competences
            ],
        },
    }


def _application(application: MakerApplication) -> dict[str, Any]:
    decision = application.decision
    return {
        "id": str(application.id),
        "stage": application.stage.value,
        "submittedAt": application.submitted_at.isoformat(),
        "history": [{"stage": h.stage.value, "at": h.at.isoformat()} for h in application.history],
        "scorecards": [
            {
                "recordedAt": card.recorded_at.isoformat(),
                "ratings": [
                    {"criterion": r.criterion.value, "score": r.score, "note": r.note}
                    for r in card.ratings
                ],
            }
            for card in application.scorecards
        ],
        "decision": None
        if decision is None
        else {
            "outcome": decision.outcome.value,
            "reason": decision.reason,
            "decidedAt": decision.decided_at.isoformat(),
        },
    }


def _placement(placement: Placement) -> dict[str, Any]:
    return {
        "placementId": str(placement.id),
        "projectId": str(placement.project_id),
        "municipalityId": str(placement.municipality_id),
        "mentorId": str(placement.mentor_id) if placement.mentor_id else None,
        "startsOn": placement.starts_on.isoformat(),
        "endsOn": placement.ends_on.isoformat(),
        "endedOn": placement.ended_on.isoformat() if placement.ended_on else None,
    }


def _erasure(erasure: ErasureRequest) -> dict[str, Any]:
    return {
        "id": str(erasure.id),
        "requestedAt": erasure.requested_at.isoformat(),
        "pending": list(erasure.pending),
        "done": erasure.done,
    }
