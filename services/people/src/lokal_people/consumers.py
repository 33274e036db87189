"""What the people service takes from the others: placements and erasure confirmations."""

from __future__ import annotations

from lokal_contracts import Envelope
from lokal_contracts.learning import LearningErasureCompleted
from lokal_contracts.matching import (
    MatchingErasureCompleted,
    MentorAssigned,
    PlacementConfirmed,
    PlacementEnded,
)
from lokal_contracts.projects import ProjectsErasureCompleted
from lokal_kit.messaging.consumer import Subscription
from lokal_kit.sqltypes import utcnow
from lokal_people.service import erasure, placements
from lokal_people.service.unit_of_work import PeopleUnitOfWork

ErasureCompleted = ProjectsErasureCompleted | MatchingErasureCompleted | LearningErasureCompleted


async def on_placement_confirmed(
    event: PlacementConfirmed, envelope: Envelope, uow: PeopleUnitOfWork
) -> None:
    await placements.placement_confirmed(uow, event, utcnow())


async def on_mentor_assigned(
    event: MentorAssigned, envelope: Envelope, uow: PeopleUnitOfWork
) -> None:
    await placements.mentor_assigned(uow, event, utcnow())


async def on_placement_ended(
    event: PlacementEnded, envelope: Envelope, uow: PeopleUnitOfWork
) -> None:
    await placements.placement_ended(uow, event, utcnow())


async def on_erasure_completed(
    event: ErasureCompleted, envelope: Envelope, uow: PeopleUnitOfWork
) -> None:
    await erasure.erasure_confirmed(uow, event.producer(), event.erasure_id, utcnow())


SUBSCRIPTIONS = (
    # one queue for all of a placement's events, so that their versions are compared
    Subscription(
        name="people.placements",
        handlers={
            PlacementConfirmed: on_placement_confirmed,
            MentorAssigned: on_mentor_assigned,
            PlacementEnded: on_placement_ended,
        },
    ),
    Subscription(
        name="people.erasure-confirmations",
        handlers={
            ProjectsErasureCompleted: on_erasure_completed,
            MatchingErasureCompleted: on_erasure_completed,
            LearningErasureCompleted: on_erasure_completed,
        },
    ),
)
