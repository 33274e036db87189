"""The team follows matching: confirmed placements fill seats, ended ones free them."""

from __future__ import annotations

import logging

from lokal_contracts import Envelope
from lokal_contracts.matching import PlacementConfirmed, PlacementEnded
from lokal_kit.errors import IllegalTransition
from lokal_kit.sqltypes import utcnow
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.domain.project import TeamMember
from lokal_projects.service import events

log = logging.getLogger(__name__)


async def placement_confirmed(
    event: PlacementConfirmed, envelope: Envelope, uow: ProjectsUnitOfWork
) -> None:
    project = await uow.projects.get(event.project_id, lock=True)
    if project is None:
        log.warning(
            "placement %s confirmed for unknown project %s", event.placement_id, event.project_id
        )
        return
    member = TeamMember(
        placement_id=event.placement_id,
        seat_index=event.seat_index,
        person_id=event.person_id,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
    )
    try:
        became_staffed = project.fill_seat(member, utcnow())
    except IllegalTransition as refused:
        # matching confirmed before it learnt that the project was cancelled or is over
        log.warning(
            "placement %s not added to project %s: %s",
            event.placement_id,
            project.id,
            refused.message,
        )
        return
    await uow.projects.save(project)
    if became_staffed:
        uow.publish(events.staffed(project))


async def placement_ended(
    event: PlacementEnded, envelope: Envelope, uow: ProjectsUnitOfWork
) -> None:
    project = await uow.projects.get(event.project_id, lock=True)
    if project is None:
        return
    version_before = project.version
    reopened = project.end_membership(
        event.placement_id, ended_on=event.ended_on, outcome=event.outcome.value, now=utcnow()
    )
    if project.version == version_before:
        return  # not on the team (any more)
    await uow.projects.save(project)
    if reopened:
        municipality = await uow.municipalities.get(project.municipality_id)
        if municipality is not None:
            uow.publish(events.updated(project, municipality))
