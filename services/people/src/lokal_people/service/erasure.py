"""Erasure (DSGVO Art. 17): everything personal goes here, the other services confirm theirs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID, uuid4

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, NotFound
from lokal_kit.graphql.pagination import PageRequest
from lokal_people.domain.erasure import ErasureRequest
from lokal_people.service import events
from lokal_people.service.access import require_self_or_programme
from lokal_people.service.unit_of_work import PeopleUnitOfWork

log = logging.getLogger(__name__)


async def erase_person(
    uow: PeopleUnitOfWork,
    principal: Principal,
    person_id: UUID,
    participants: Sequence[str],
    now: datetime,
) -> ErasureRequest:
    """Delete the person here and tell the others; asking again returns the same request."""
    require_self_or_programme(principal, person_id)
    async with uow:
        person = await uow.persons.get(person_id)
        if person is None:
            earlier = await uow.erasures.for_person(person_id)
            if earlier:
                return max(earlier, key=lambda e: e.requested_at)
            raise NotFound(f"no person {person_id}")
        erasure = ErasureRequest(uuid4(), person_id, principal.person_id, now, tuple(participants))
        await uow.applications.forget_person(person_id)
        await uow.placements.forget_person(person_id)
        await uow.persons.delete(person_id)
        await uow.erasures.add(erasure)
        await uow.forget_published_events(str(person_id))
        uow.publish(events.person_erased(person_id, erasure.id, person.version + 1))
        await uow.commit()
    return erasure


async def erasure_confirmed(
    uow: PeopleUnitOfWork, service: str, erasure_id: UUID, now: datetime
) -> None:
    erasure = await uow.erasures.get(erasure_id)
    if erasure is None:
        log.warning("%s confirmed erasure %s, which is not ours", service, erasure_id)
        return
    if erasure.confirm(service, now):
        await uow.erasures.save_confirmations(erasure)


async def get_erasure(
    uow: PeopleUnitOfWork, principal: Principal, erasure_id: UUID
) -> ErasureRequest:
    principal.require_authenticated()
    async with uow.reading():
        erasure = await uow.erasures.get(erasure_id)
    if erasure is None:
        raise NotFound(f"no erasure request {erasure_id}")
    if not (
        principal.is_programme or principal.person_id in (erasure.person_id, erasure.requested_by)
    ):
        raise Forbidden("only the programme team and the person may follow an erasure")
    return erasure


async def list_erasures(
    uow: PeopleUnitOfWork, principal: Principal, page: PageRequest
) -> list[ErasureRequest]:
    principal.require_programme()
    async with uow.reading():
        return await uow.erasures.page(page)
