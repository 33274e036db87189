"""What the projects service listens to: each purpose its own durable queue."""

from __future__ import annotations

from lokal_contracts.matching import PlacementConfirmed, PlacementEnded
from lokal_contracts.people import PersonErased
from lokal_kit.messaging.consumer import Subscription
from lokal_projects.service import personal_data, team

SUBSCRIPTIONS = (
    Subscription(
        name="projects.team",
        handlers={
            PlacementConfirmed: team.placement_confirmed,
            PlacementEnded: team.placement_ended,
        },
    ),
    Subscription(name="projects.erasure", handlers={PersonErased: personal_data.person_erased}),
)
