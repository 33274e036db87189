"""DSGVO: what the projects service holds on a person (export), and forgetting them (erasure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from lokal_contracts import Envelope
from lokal_contracts.people import PersonErased
from lokal_contracts.projects import ProjectsErasureCompleted
from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden
from lokal_kit.sqltypes import utcnow
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.project import ANNOUNCED
from lokal_projects.service import events


def require_own_or_programme(principal: Principal, person_id: UUID) -> None:
    principal.require_authenticated()
    if not (principal.is_person(person_id) or principal.is_programme):
        raise Forbidden("only the person themself or the programme team may see this")


async def exports(uow: ProjectsUnitOfWork, person_ids: Sequence[UUID]) -> list[dict[str, Any]]:
    """For each person: the Kommunen they are contact of, projects they mentor or work in."""
    async with uow.reading():
        contact_of = await uow.municipalities.where_contact(person_ids)
        named_in = await uow.applications.naming_mentor(person_ids)
        involved = await uow.projects.involving(person_ids)
    documents = []
    for person in person_ids:
        documents.append(
            {
                "contactOf": [
                    {"municipalityId": str(m.id), "name": m.name, "ags": m.ags.value}
                    for m in contact_of
                    if m.has_contact(person)
                ],
                "namedAsMentorIn": [
                    {
                        "applicationId": str(a.id),
                        "municipalityId": str(a.municipality_id),
                        "round": a.round,
                        "status": a.status.value,
                    }
                    for a in named_in
                    if a.mentor_id == person
                ],
                "mentorOf": [
                    {"projectId": str(p.id), "title": p.details.title, "status": p.status.value}
                    for p in involved
                    if p.details.mentor_id == person
                ],
                "teamMemberships": [
                    {
                        "projectId": str(p.id),
                        "title": p.details.title,
                        "placementId": str(m.placement_id),
                        "seatIndex": m.seat_index,
                        "payGroup": p.details.seats[m.seat_index],
                        "startsOn": m.starts_on.isoformat(),
                        "endsOn": m.ends_on.isoformat(),
                        "endedOn": m.ended_on.isoformat() if m.ended_on else None,
                        "outcome": m.outcome,
                    }
                    for p in involved
                    for m in p.members
                    if m.person_id == person
                ],
            }
        )
    return documents


async def person_erased(event: PersonErased, envelope: Envelope, uow: ProjectsUnitOfWork) -> None:
    """Drop the person as contact and Projektpat*in (and their team seats' link); keep projects."""
    person = event.person_id
    now = utcnow()
    for municipality in await uow.municipalities.where_contact([person]):
        municipality.forget(person)
        await uow.municipalities.save(municipality)
    for application in await uow.applications.naming_mentor([person]):
        application.forget(person)
        await uow.applications.save(application)
    for project in await uow.projects.involving([person]):
        project.forget(person, now)
        await uow.projects.save(project)
        if project.status in ANNOUNCED:
            kommune = await uow.municipalities.get(project.municipality_id)
            if kommune is not None:
                uow.publish(events.updated(project, kommune))
    await uow.forget_published_events(str(person))
    uow.publish(ProjectsErasureCompleted(version=1, erasure_id=event.erasure_id, person_id=person))
