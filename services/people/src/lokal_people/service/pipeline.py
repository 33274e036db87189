"""The programme team moves applications through screening, interview and decision."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID, uuid4

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, NotFound
from lokal_people.domain.persons import Person
from lokal_people.domain.pipeline import MakerApplication, MakerStage, Outcome, Rating, Scorecard
from lokal_people.service import events
from lokal_people.service.unit_of_work import PeopleUnitOfWork


async def start_screening(
    uow: PeopleUnitOfWork, principal: Principal, application_id: UUID, now: datetime
) -> MakerApplication:
    by = _programme(principal)
    async with uow:
        application = await _application(uow, application_id)
        application.start_screening(by, now)
        await _save_move(uow, application)
    return application


async def invite_to_interview(
    uow: PeopleUnitOfWork, principal: Principal, application_id: UUID, now: datetime
) -> MakerApplication:
    by = _programme(principal)
    async with uow:
        application = await _application(uow, application_id)
        application.invite_to_interview(by, now)
        await _save_move(uow, application)
    return application


async def record_scorecard(
    uow: PeopleUnitOfWork,
    principal: Principal,
    application_id: UUID,
    ratings: Sequence[Rating],
    now: datetime,
) -> MakerApplication:
    """One scorecard per interviewer; recording again replaces the earlier one."""
    by = _programme(principal)
    scorecard = Scorecard(uuid4(), by, now, tuple(ratings))
    async with uow:
        application = await _application(uow, application_id)
        application.record_scorecard(scorecard)
        await uow.applications.save(application)
        await uow.commit()
    return application


async def decide(
    uow: PeopleUnitOfWork,
    principal: Principal,
    application_id: UUID,
    outcome: Outcome,
    reason: str,
    now: datetime,
) -> MakerApplication:
    """Select into the talent pool (announced to matching) or reject, saying who and why."""
    by = _programme(principal)
    async with uow:
        application = await _application(uow, application_id)
        application.decide(outcome, by, reason, now)
        if application.stage is MakerStage.SELECTED:
            person = await _maker(uow, application.person_id)
            uow.publish(events.maker_selected(person))
        await _save_move(uow, application)
    return application


async def withdraw(
    uow: PeopleUnitOfWork, principal: Principal, application_id: UUID, now: datetime
) -> MakerApplication:
    """The maker (or the programme team for them) leaves the pipeline or the pool."""
    by = principal.require_authenticated()
    async with uow:
        application = await _application(uow, application_id)
        if not (principal.is_programme or principal.is_person(application.person_id)):
            raise Forbidden("only the maker or the programme team may withdraw an application")
        was_in_pool = application.stage is MakerStage.SELECTED
        application.withdraw(by, now)
        if was_in_pool:
            person = await _maker(uow, application.person_id)
            uow.publish(events.profile_updated(person, application.stage))
        await _save_move(uow, application)
    return application


def _programme(principal: Principal) -> UUID:
    principal.require_programme()
    assert principal.person_id is not None
    return principal.person_id


async def _application(uow: PeopleUnitOfWork, application_id: UUID) -> MakerApplication:
    application = await uow.applications.get(application_id)
    if application is None:
        raise NotFound(f"no maker application {application_id}")
    return application


async def _maker(uow: PeopleUnitOfWork, person_id: UUID) -> Person:
    """The maker, with a new version for the event about to announce them."""
    person = await uow.persons.get(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}")
    person.changed()
    await uow.persons.save(person)
    return person


async def _save_move(uow: PeopleUnitOfWork, application: MakerApplication) -> None:
    await uow.applications.save(application)
    uow.publish(events.stage_changed(application))
    await uow.commit()
