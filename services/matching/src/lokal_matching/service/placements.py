"""The placement lifecycle, as people drive it."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from lokal_matching.domain.model import Project, ProjectStatus
from lokal_matching.domain.pay import hiring_step
from lokal_matching.domain.placement import (
    HOLDS_MAKER,
    HOLDS_SEAT,
    Placement,
    PlacementOutcome,
)
from lokal_matching.service import events
from lokal_matching.service.access import require_see_placement
from lokal_matching.service.uow import Matching, MatchingUnitOfWork


async def open_project(uow: MatchingUnitOfWork, project_id: UUID) -> Project:
    project = await uow.read_models.project(project_id, for_update=True)
    if project is None:
        raise NotFound("no such project is known to matching", projectId=str(project_id))
    if project.status is not ProjectStatus.OPEN:
        raise IllegalTransition("project", project.status.value, "propose makers for")
    return project


async def new_placement(
    matching: Matching,
    uow: MatchingUnitOfWork,
    project: Project,
    person_id: UUID,
    seat_index: int,
    proposal_id: UUID | None = None,
) -> Placement:
    """A proposed placement, after checking the seat and that the maker is free then."""
    if not 0 <= seat_index < len(project.seats):
        raise InvalidInput(
            f"the project has seats 0 to {len(project.seats) - 1}", field="seatIndex"
        )
    maker = await uow.read_models.maker(person_id, for_update=True)
    if maker is None or not maker.selectable:
        raise NotFound("no selected maker with this id", personId=str(person_id))
    if await uow.placements.seat_holder(project.project_id, seat_index) is not None:
        raise Conflict("this seat is taken already", seatIndex=seat_index)
    for other in await uow.placements.of_persons([person_id]):
        if other.state in HOLDS_MAKER and (
            other.starts_on <= project.ends_on and project.planned_start <= other.ends_on
        ):
            raise Conflict(
                "the maker already holds a placement in this period",
                placementId=str(other.id),
                personId=str(person_id),
            )
    placement = Placement(
        id=uuid4(),
        project_id=project.project_id,
        municipality_id=project.municipality_id,
        person_id=person_id,
        seat_index=seat_index,
        pay_group=project.seats[seat_index],
        starts_on=project.planned_start,
        ends_on=project.ends_on,
        step=hiring_step(maker.experience_years),
        created_at=matching.now(),
        mentor_id=project.mentor_id,
        proposal_id=proposal_id,
    )
    await uow.placements.add(placement)
    uow.publish(events.proposed(placement))
    return placement


async def propose_placement(
    matching: Matching, principal: Principal, project_id: UUID, person_id: UUID, seat_index: int
) -> Placement:
    principal.require_programme()
    async with matching.uow() as uow:
        project = await open_project(uow, project_id)
        placement = await new_placement(matching, uow, project, person_id, seat_index)
        await uow.commit()
    return placement


async def _load(uow: MatchingUnitOfWork, principal: Principal, placement_id: UUID) -> Placement:
    placement = await uow.placements.get(placement_id, for_update=True)
    if placement is None:
        raise NotFound("no such placement", placementId=str(placement_id))
    require_see_placement(principal, placement)
    return placement


def _require_maker(principal: Principal, placement: Placement) -> None:
    if placement.person_id is None or not principal.is_person(placement.person_id):
        raise Forbidden("only the maker of this placement may do this")


async def accept_placement(
    matching: Matching, principal: Principal, placement_id: UUID
) -> Placement:
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        _require_maker(principal, placement)
        placement.accept(matching.now())
        await uow.placements.save(placement)
        uow.publish(events.accepted(placement))
        await uow.commit()
    return placement


async def decline_placement(
    matching: Matching, principal: Principal, placement_id: UUID, reason: str | None
) -> Placement:
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        _require_maker(principal, placement)
        placement.decline(reason)
        await uow.placements.save(placement)
        await uow.commit()
    return placement


async def withdraw_placement(
    matching: Matching, principal: Principal, placement_id: UUID, reason: str
) -> Placement:
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        if not (principal.is_programme or principal.works_for(placement.municipality_id)):
            raise Forbidden("only the programme team or the municipality may withdraw it")
        placement.withdraw(reason)
        await uow.placements.save(placement)
        await uow.commit()
    return placement


async def confirm_placement(
    matching: Matching, principal: Principal, placement_id: UUID
) -> Placement:
    """Each side confirms for itself; the second confirmation makes the placement hold the seat."""
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        staff = principal.works_for(placement.municipality_id)
        if not (staff or principal.is_programme):
            raise Forbidden("only the municipality's staff and the programme team confirm")
        project = await uow.read_models.project(placement.project_id, for_update=True)
        if project is None or project.status is ProjectStatus.CANCELLED:
            raise IllegalTransition("project", "cancelled", "confirm a placement of")
        holder = await uow.placements.seat_holder(placement.project_id, placement.seat_index)
        if holder is not None and holder.id != placement.id:
            raise Conflict(_SEAT_TAKEN, seatIndex=placement.seat_index, placementId=str(holder.id))
        who = principal.require_authenticated()
        complete = placement.confirm(
            matching.now(),
            municipality_by=who if staff else None,
            programme_by=who if principal.is_programme else None,
        )
        await uow.placements.save(placement)
        if complete:
            uow.publish(events.confirmed(placement, team_size=len(project.seats)))
        try:
            await uow.commit()
        except IntegrityError:
            raise Conflict(_SEAT_TAKEN, seatIndex=placement.seat_index) from None
    return placement


_SEAT_TAKEN = "another placement was confirmed for this seat first"


async def activate_placement(
    matching: Matching, principal: Principal, placement_id: UUID
) -> Placement:
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        if not (principal.is_programme or principal.works_for(placement.municipality_id)):
            raise Forbidden("only the programme team or the municipality may start it")
        placement.activate(matching.today())
        await uow.placements.save(placement)
        await uow.commit()
    return placement


async def end_placement(
    matching: Matching,
    principal: Principal,
    placement_id: UUID,
    outcome: PlacementOutcome,
    ended_on: date,
    reason: str | None,
) -> Placement:
    principal.require_programme()
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        placement.end(outcome, ended_on, reason)
        await uow.placements.save(placement)
        if placement.person_id is not None:
            uow.publish(events.ended(placement))
        await uow.commit()
    return placement


async def override_step(
    matching: Matching, principal: Principal, placement_id: UUID, step: int, reason: str
) -> Placement:
    principal.require_programme()
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        if placement.state in HOLDS_SEAT:
            raise IllegalTransition(
                "placement", placement.state.value, "change the step of", "it is agreed already"
            )
        placement.override_step(step, reason)
        await uow.placements.save(placement)
        await uow.commit()
    return placement


async def assign_mentor(
    matching: Matching, principal: Principal, placement_id: UUID, mentor_id: UUID
) -> Placement:
    principal.require_programme()
    async with matching.uow() as uow:
        placement = await _load(uow, principal, placement_id)
        placement.assign_mentor(mentor_id)
        await uow.placements.save(placement)
        if placement.person_id is not None:
            uow.publish(events.mentor_assigned(placement))
        await uow.commit()
    return placement
