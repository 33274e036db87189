"""The read models follow people's and projects' events on RabbitMQ and PostgreSQL,
whatever order and however often they arrive."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from matching_support import (
    PROGRAMME,
    Feed,
    System,
    project_updated,
    published,
    selected,
    updated_profile,
)

from lokal_contracts import people, projects
from lokal_kit.testing.events import envelopes
from lokal_matching.domain.model import ProjectStatus
from lokal_matching.service.placements import propose_placement

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]


async def test_makers_follow_selection_and_profile_changes_in_any_order(
    system: System, rabbit_feed: Feed
) -> None:
    first = selected(version=1, experience_years=1)
    newer = updated_profile(first, version=3, stage=people.Stage.SELECTED, experience_years=5)
    # the newer profile arrives before the selection it follows
    await rabbit_feed([newer, first])
    async with system.matching.uow() as uow:
        maker = await uow.read_models.maker(first.person_id)
    assert maker is not None
    assert (maker.version, maker.experience_years) == (3, 5)


async def test_a_duplicate_delivery_has_no_second_effect(system: System, rabbit_feed: Feed) -> None:
    event = selected()
    (envelope,) = envelopes([event])
    await rabbit_feed([envelope])
    async with system.matching.uow() as uow:
        revision = await uow.read_models.revision("makers")
    await rabbit_feed([envelope])
    async with system.matching.uow() as uow:
        assert await uow.read_models.revision("makers") == revision
    assert await system.count("makers") == 1


async def test_a_maker_who_leaves_the_pool_is_no_candidate(
    system: System, rabbit_feed: Feed
) -> None:
    event = selected()
    await rabbit_feed([event, updated_profile(event, version=2, stage=people.Stage.WITHDRAWN)])
    async with system.matching.uow() as uow:
        assert await uow.read_models.selectable_makers() == []


async def test_projects_follow_publication_updates_and_an_older_event_is_ignored(
    system: System, rabbit_feed: Feed
) -> None:
    first = published(seats=2)
    later = project_updated(
        first, version=2, state=projects.ProjectState.PUBLISHED, duration_months=9
    )
    await rabbit_feed([later, first])
    async with system.matching.uow() as uow:
        project = await uow.read_models.project(first.project_id)
    assert project is not None
    assert (project.version, project.duration_months, project.status) == (
        2,
        9,
        ProjectStatus.OPEN,
    )


async def test_cancelling_a_project_closes_it_and_lapses_its_placements(
    system: System, rabbit_feed: Feed
) -> None:
    maker, project = selected(), published()
    await rabbit_feed([maker, project])
    placement = await propose_placement(
        system.matching, PROGRAMME, project.project_id, maker.person_id, 0
    )
    cancelled = projects.ProjectCancelled(
        project_id=project.project_id, municipality_id=project.municipality_id, version=2
    )
    await rabbit_feed([cancelled])
    async with system.matching.uow() as uow:
        closed = await uow.read_models.project(project.project_id)
        lapsed = await uow.placements.get(placement.id)
    assert closed is not None
    assert closed.status is ProjectStatus.CANCELLED
    assert lapsed is not None
    assert lapsed.state.value == "withdrawn"
    # a late publication of the same project does not reopen it
    await rabbit_feed([published(project.project_id, version=1)])
    async with system.matching.uow() as uow:
        still = await uow.read_models.project(project.project_id)
    assert still is not None
    assert still.status is ProjectStatus.CANCELLED


async def test_erasure_removes_the_maker_for_good_and_is_confirmed(
    system: System, rabbit_feed: Feed
) -> None:
    maker, project = selected(), published(start=date(2026, 3, 1))
    await rabbit_feed([maker, project])
    placement = await propose_placement(
        system.matching, PROGRAMME, project.project_id, maker.person_id, 1
    )
    erasure_id = uuid4()
    erased = people.PersonErased(person_id=maker.person_id, erasure_id=erasure_id, version=9)
    late = updated_profile(maker, version=10, stage=people.Stage.SELECTED)
    await rabbit_feed([erased, late])
    async with system.matching.uow() as uow:
        assert await uow.read_models.maker(maker.person_id) is None
        kept = await uow.placements.get(placement.id)
    assert kept is not None
    assert kept.person_id is None
    assert kept.state.value == "withdrawn"
    confirmations = await system.outbox("matching.erasure.completed.v1")
    assert [c["data"]["erasure_id"] for c in confirmations] == [str(erasure_id)]
