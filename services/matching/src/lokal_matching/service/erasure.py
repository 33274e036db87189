"""DSGVO: erasing what matching holds on a person, and exporting it to them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from uuid import UUID

from lokal_contracts.matching import MatchingErasureCompleted
from lokal_contracts.people import PersonErased
from lokal_kit.auth import Principal
from lokal_matching.service import events
from lokal_matching.service.access import require_self_or_programme
from lokal_matching.service.uow import Matching, MatchingUnitOfWork

ERASED = "the maker's personal data was erased"


async def erase_person(matching: Matching, uow: MatchingUnitOfWork, event: PersonErased) -> None:
    """Profile gone for good; placements keep the seat's history without the person."""
    person_id = event.person_id
    await uow.read_models.erase_maker(person_id, event.erasure_id, matching.now())
    for placement in await uow.placements.of_persons([person_id]):
        if placement.lapse(matching.today(), ERASED):
            uow.publish(events.ended(placement))
        placement.forget_person()
        await uow.placements.save(placement)
    await uow.proposals.forget_person(person_id)
    await uow.runs.forget_person(person_id)
    await uow.forget_published_events(str(person_id))
    uow.publish(
        MatchingErasureCompleted(
            erasure_id=event.erasure_id, person_id=person_id, version=event.version
        )
    )


async def personal_data(matching: Matching, principal: Principal, person_id: UUID) -> Any:
    """Everything matching holds on the person, as one JSON document."""
    require_self_or_programme(principal, person_id)
    async with matching.uow().reading() as uow:
        maker = await uow.read_models.maker(person_id)
        placements = await uow.placements.of_persons([person_id])
        proposals = await uow.proposals.of_person(person_id)
        runs = await uow.runs.of_person(person_id)
    return _json(
        {
            "profile": asdict(maker) if maker else None,
            "placements": [asdict(p) for p in placements],
            "teamProposals": proposals,
            "matchingRuns": runs,
        }
    )


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    if isinstance(value, UUID | date | datetime):
        return str(value) if isinstance(value, UUID) else value.isoformat()
    return value
