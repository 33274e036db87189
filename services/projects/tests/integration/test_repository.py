"""The repositories on PostgreSQL: aggregates round-trip; lost races are conflicts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

import pytest

from lokal_contracts.matching import PlacementEnded, PlacementOutcome
from lokal_kit.errors import Conflict
from lokal_kit.testing.events import envelopes
from lokal_projects.domain.application import MunicipalityApplication
from lokal_projects.domain.municipality import Municipality, MunicipalityProfile
from lokal_projects.domain.project import ProjectStatus, TeamMember
from lokal_projects.domain.queries import Audience, ProjectQuery
from lokal_projects.domain.values import Ags, MunicipalityKind
from lokal_projects.service import projects, team

if TYPE_CHECKING:
    from conftest import Scenario

NOW = datetime(2026, 4, 1, 8, 30, tzinfo=UTC)


def goerlitz(contacts: int = 2) -> Municipality:
    municipality = Municipality.register(
        id=uuid4(),
        ags=Ags("14626110"),
        profile=MunicipalityProfile(
            name="Görlitz",
            kind=MunicipalityKind.CITY,
            population=56_300,
            address="Untermarkt 6–8, 02826 Görlitz",
            website="https://www.goerlitz.de",
        ),
        registered_by=uuid4(),
        now=NOW,
    )
    for _ in range(contacts - 1):
        municipality.add_contact(uuid4())
    return municipality


async def test_a_municipality_round_trips_with_its_contacts_in_order(scenario: Scenario) -> None:
    municipality = goerlitz(contacts=3)
    async with scenario.uow() as uow:
        await uow.municipalities.add(municipality)
        await uow.commit()
    async with scenario.uow() as uow:
        loaded = await uow.municipalities.get(municipality.id)
        by_ags = await uow.municipalities.get_by_ags(Ags("14626110"))
    assert loaded == municipality
    assert by_ags == municipality
    assert loaded is not None
    assert loaded.state.name == "Sachsen"


async def test_municipalities_load_together_with_or_without_contacts(scenario: Scenario) -> None:
    """One row per contact person: each Kommune once, with its contacts in order."""
    many, none = goerlitz(contacts=3), replace(goerlitz(), id=uuid4(), ags=Ags("14626120"))
    none.remove_contact(none.contact_ids[0])
    none.remove_contact(none.contact_ids[0])
    async with scenario.uow() as uow:
        await uow.municipalities.add(many)
        await uow.municipalities.add(none)
        await uow.commit()
    async with scenario.uow() as uow:
        loaded = await uow.municipalities.get_many([none.id, uuid4(), many.id])
    assert loaded == [none, None, many]


async def test_a_second_municipality_with_the_same_ags_is_a_conflict(scenario: Scenario) -> None:
    async with scenario.uow() as uow:
        await uow.municipalities.add(goerlitz())
        await uow.commit()
    async with scenario.uow() as uow:
        with pytest.raises(Conflict) as refused:
            await uow.municipalities.add(goerlitz())
    assert refused.value.details == {"field": "ags"}


async def test_a_project_round_trips_with_requirements_and_team(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    member = TeamMember(
        placement_id=uuid4(),
        seat_index=1,
        person_id=uuid4(),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 11, 30),
    )
    async with scenario.uow() as uow:
        loaded = await uow.projects.get(project.id)
        assert loaded is not None
        loaded.fill_seat(member, NOW)
        await uow.projects.save(loaded)
        await uow.commit()
    reloaded = await scenario.reload(project.id)
    assert reloaded == loaded
    assert reloaded.members == [member]
    assert [r.competence_id for r in reloaded.details.requirements] == [
        r.competence_id for r in project.details.requirements
    ]


async def test_saving_over_a_concurrent_change_is_a_conflict(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff)
    async with scenario.uow() as first, scenario.uow() as second:
        mine = await first.projects.get(project.id)
        theirs = await second.projects.get(project.id)
        assert mine is not None
        assert theirs is not None
        mine.edit(replace(mine.details, title="Erste Änderung"), NOW)
        await first.projects.save(mine)
        await first.commit()
        theirs.edit(replace(theirs.details, title="Zweite Änderung"), NOW)
        with pytest.raises(Conflict, match="changed at the same time"):
            await second.projects.save(theirs)
    assert (await scenario.reload(project.id)).details.title == "Erste Änderung"


async def test_get_many_keeps_the_order_and_marks_the_missing(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    first = await scenario.project(municipality, staff)
    second = await scenario.project(municipality, staff)
    missing = uuid4()
    async with scenario.uow() as uow:
        found = await uow.projects.get_many([second.id, missing, first.id])
    assert [p.id if p else None for p in found] == [second.id, None, first.id]


async def test_applications_are_found_per_municipality(scenario: Scenario) -> None:
    accepted, _ = await scenario.municipality(accepted=True)
    pending, _ = await scenario.municipality(accepted=False)
    async with scenario.uow() as uow:
        application = MunicipalityApplication.submit(
            id=uuid4(),
            municipality_id=pending.id,
            round="PILOT",
            motivation="m",
            problem="p",
            mentor_id=None,
            now=NOW,
        )
        await uow.applications.add(application)
        await uow.commit()
    async with scenario.uow() as uow:
        found = await uow.applications.for_municipalities([accepted.id, pending.id])
        assert await uow.applications.has_accepted(accepted.id)
        assert not await uow.applications.has_accepted(pending.id)
    assert [a.status.value for a in found[accepted.id]] == ["accepted"]
    assert found[pending.id] == [application]


async def test_a_kommunes_contact_sees_its_drafts_in_listings(scenario: Scenario) -> None:
    municipality, staff = await scenario.municipality()
    draft = await scenario.project(municipality, staff)
    contact = municipality.contact_ids[0]
    async with scenario.uow() as uow:
        as_contact, _ = await uow.projects.page(
            ProjectQuery(), Audience(person_id=contact), None, 10
        )
        as_stranger, total = await uow.projects.page(
            ProjectQuery(), Audience(person_id=uuid4()), None, 10
        )
    assert [p.id for p in as_contact] == [draft.id]
    assert (as_stranger, total) == ([], 0)


async def test_a_second_open_application_to_a_round_is_a_conflict_in_the_database(
    scenario: Scenario,
) -> None:
    """The service checks first; the index holds when two applications arrive at once."""
    municipality, _ = await scenario.municipality(accepted=True)

    def pilot() -> MunicipalityApplication:
        return MunicipalityApplication.submit(
            id=uuid4(),
            municipality_id=municipality.id,
            round="PILOT",
            motivation="m",
            problem="p",
            mentor_id=None,
            now=NOW,
        )

    async with scenario.uow() as uow:
        with pytest.raises(Conflict) as refused:
            await uow.applications.add(pilot())
    assert refused.value.details == {"field": "round"}
    withdrawn = pilot()
    withdrawn.withdraw(NOW)
    async with scenario.uow() as uow:
        await uow.applications.add(withdrawn)
        await uow.commit()


async def test_a_command_waits_for_a_consumer_changing_the_same_project(
    scenario: Scenario,
) -> None:
    """A placement ends (matching's event) while the Kommune completes the project: the
    two take turns on the project's row, and neither fails on the other's new version."""
    municipality, staff = await scenario.municipality()
    project = await scenario.project(municipality, staff, ProjectStatus.PUBLISHED)
    await scenario.staff_fully(project)
    started = await projects.start_project(scenario.uow(), staff, project.id, date(2027, 3, 1))
    member = started.members[0]
    ended = PlacementEnded(
        version=4,
        placement_id=member.placement_id,
        project_id=project.id,
        person_id=member.person_id,
        ended_on=date(2027, 11, 30),
        outcome=PlacementOutcome.COMPLETED,
    )

    async with scenario.uow() as consumer:
        await team.placement_ended(ended, envelopes([ended])[0], consumer)
        completing = asyncio.create_task(
            projects.complete_project(scenario.uow(), staff, project.id, date(2027, 12, 1))
        )
        await asyncio.sleep(0.3)
        assert not completing.done(), "the command waits for the consumer's transaction"
        await consumer.commit()
    completed = await completing

    assert completed.status is ProjectStatus.COMPLETED
    reloaded = await scenario.reload(project.id)
    assert reloaded.status is ProjectStatus.COMPLETED
    assert [m.ended_on for m in reloaded.members if m.placement_id == member.placement_id] == [
        date(2027, 11, 30)
    ]
