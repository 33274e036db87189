"""What matching listens to: people's makers, projects' projects, and erasure."""

from __future__ import annotations

from lokal_contracts import Envelope, people, projects
from lokal_kit.messaging.consumer import Subscription
from lokal_matching.service.erasure import erase_person
from lokal_matching.service.readmodels import (
    apply_maker,
    apply_project,
    cancel_project,
    maker_of,
    project_of,
    start_project,
)
from lokal_matching.service.uow import Matching, MatchingUnitOfWork


def subscriptions(matching: Matching) -> list[Subscription]:
    async def maker_selected(
        event: people.MakerSelected, _: Envelope, uow: MatchingUnitOfWork
    ) -> None:
        await apply_maker(matching, uow, maker_of(event, people.Stage.SELECTED.value))

    async def profile_updated(
        event: people.ProfileUpdated, _: Envelope, uow: MatchingUnitOfWork
    ) -> None:
        await apply_maker(matching, uow, maker_of(event, event.stage.value))

    async def person_erased(
        event: people.PersonErased, _: Envelope, uow: MatchingUnitOfWork
    ) -> None:
        await erase_person(matching, uow, event)

    async def project_changed(
        event: projects.ProjectPublished | projects.ProjectUpdated,
        _: Envelope,
        uow: MatchingUnitOfWork,
    ) -> None:
        await apply_project(matching, uow, project_of(event))

    async def project_cancelled(
        event: projects.ProjectCancelled, _: Envelope, uow: MatchingUnitOfWork
    ) -> None:
        await cancel_project(matching, uow, event)

    async def project_started(
        event: projects.ProjectStarted, _: Envelope, uow: MatchingUnitOfWork
    ) -> None:
        await start_project(matching, uow, event)

    return [
        Subscription(
            name="matching.makers",
            handlers={
                people.MakerSelected: maker_selected,
                people.ProfileUpdated: profile_updated,
                people.PersonErased: person_erased,
            },
        ),
        Subscription(
            name="matching.projects",
            handlers={
                projects.ProjectPublished: project_changed,
                projects.ProjectUpdated: project_changed,
                projects.ProjectCancelled: project_cancelled,
                projects.ProjectStarted: project_started,
            },
        ),
    ]
