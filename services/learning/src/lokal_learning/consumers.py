"""What the learning service does with other services' events."""

from __future__ import annotations

from lokal_contracts import Envelope
from lokal_contracts.matching import MentorAssigned, PlacementConfirmed, PlacementEnded
from lokal_contracts.people import PersonErased
from lokal_kit.messaging.consumer import Subscription
from lokal_learning.service import erasure, placements
from lokal_learning.service.unit_of_work import LearningUnitOfWork, Runtime


def subscriptions(rt: Runtime) -> list[Subscription]:
    async def confirmed(event: PlacementConfirmed, _: Envelope, uow: LearningUnitOfWork) -> None:
        await placements.placement_confirmed(event, uow, rt.clock())

    async def mentor(event: MentorAssigned, _: Envelope, uow: LearningUnitOfWork) -> None:
        await placements.mentor_assigned(event, uow)

    async def ended(event: PlacementEnded, _: Envelope, uow: LearningUnitOfWork) -> None:
        await placements.placement_ended(event, uow, rt.clock())

    async def erased(event: PersonErased, _: Envelope, uow: LearningUnitOfWork) -> None:
        await erasure.person_erased(event, uow, rt.clock())

    return [
        Subscription(
            name="learning.placements",
            handlers={PlacementConfirmed: confirmed, MentorAssigned: mentor, PlacementEnded: ended},
        ),
        Subscription(name="learning.erasure", handlers={PersonErased: erased}),
    ]
