"""Placements as matching announces them: a selected maker becomes placed, later alumni."""

from __future__ import annotations

import logging
from datetime import datetime

from lokal_contracts.matching import MentorAssigned, PlacementConfirmed, PlacementEnded
from lokal_kit.errors import IllegalTransition
from lokal_people.domain.placements import Placement
from lokal_people.service import events
from lokal_people.service.unit_of_work import PeopleUnitOfWork

log = logging.getLogger(__name__)


async def placement_confirmed(
    uow: PeopleUnitOfWork, event: PlacementConfirmed, now: datetime
) -> None:
    if await uow.persons.get(event.person_id) is None:
        return  # erased, or never a maker here: nothing to keep about them
    existing = await uow.placements.get(event.placement_id)
    await uow.placements.put(
        Placement(
            id=event.placement_id,
            person_id=event.person_id,
            project_id=event.project_id,
            municipality_id=event.municipality_id,
            mentor_id=event.mentor_id,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            ended_on=existing.ended_on if existing else None,
        )
    )
    application = await uow.applications.for_person(event.person_id)
    if application is None:
        return
    try:
        moved = application.place(now)
    except IllegalTransition as refused:
        log.warning("placement %s: %s", event.placement_id, refused.message)
        return
    if moved:
        await uow.applications.save(application)
        uow.publish(events.stage_changed(application))


async def mentor_assigned(uow: PeopleUnitOfWork, event: MentorAssigned, now: datetime) -> None:
    placement = await uow.placements.get(event.placement_id)
    if placement is not None:
        placement.mentor_id = event.mentor_id
        await uow.placements.put(placement)


async def placement_ended(uow: PeopleUnitOfWork, event: PlacementEnded, now: datetime) -> None:
    placement = await uow.placements.get(event.placement_id)
    if placement is not None:
        placement.ended_on = event.ended_on
        await uow.placements.put(placement)
    application = await uow.applications.for_person(event.person_id)
    if application is None:
        return
    try:
        moved = application.finish_placement(now)
    except IllegalTransition as refused:
        log.warning("placement %s: %s", event.placement_id, refused.message)
        return
    if moved:
        await uow.applications.save(application)
        uow.publish(events.stage_changed(application))
