"""Every command in every state of a project: the legal ones move it on, the rest are refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from lokal_kit.errors import Conflict, IllegalTransition, InvalidInput
from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.project import Project, ProjectStatus, TeamMember
from lokal_projects.domain.values import Topic, WorkMode

S = ProjectStatus
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
TODAY = date(2026, 5, 4)


def details(**changes: object) -> ProjectDetails:
    base = ProjectDetails(
        title="Prozesslandkarte",
        goal="Die Kernprozesse erfassen.",
        description="",
        topic=Topic.PROCESS_MODERNISATION,
        requirements=(Requirement("http://data.europa.eu/esco/skill/x", 3, True),),
        seats=("E11", "E12"),
        duration_months=9,
        planned_start=date(2026, 9, 1),
        work_mode=WorkMode.HYBRID,
        mentor_id=uuid4(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def member(seat: int) -> TeamMember:
    return TeamMember(
        placement_id=uuid4(),
        seat_index=seat,
        person_id=uuid4(),
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
    )


def project_in(status: ProjectStatus) -> Project:
    """A project in `status`, with a full team from `staffed` on and one open seat before."""
    project = Project.draft(id=uuid4(), municipality_id=uuid4(), details=details(), now=NOW)
    project.status = status
    if status is not S.DRAFT and status is not S.SUBMITTED:
        project.published_at = NOW
    if status in (S.STAFFED, S.RUNNING, S.COMPLETED):
        project.members = [member(0), member(1)]
    if status in (S.RUNNING, S.COMPLETED):
        project.started_on = TODAY
    return project


COMMANDS: dict[str, Callable[[Project], object]] = {
    "edit": lambda p: p.edit(details(title="Neuer Titel"), NOW),
    "submit": lambda p: p.submit(NOW),
    "publish": lambda p: p.publish(municipality_accepted=True, now=NOW),
    "start": lambda p: p.start(TODAY, NOW),
    "complete": lambda p: p.complete(TODAY, NOW),
    "cancel": lambda p: p.cancel(NOW),
}

# (state, command) -> the state after it; every pair not listed is illegal
LEGAL = {
    (S.DRAFT, "edit"): S.DRAFT,
    (S.SUBMITTED, "edit"): S.SUBMITTED,
    (S.PUBLISHED, "edit"): S.PUBLISHED,
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "publish"): S.PUBLISHED,
    (S.STAFFED, "start"): S.RUNNING,
    (S.RUNNING, "complete"): S.COMPLETED,
    (S.DRAFT, "cancel"): S.CANCELLED,
    (S.SUBMITTED, "cancel"): S.CANCELLED,
    (S.PUBLISHED, "cancel"): S.CANCELLED,
    (S.STAFFED, "cancel"): S.CANCELLED,
    (S.RUNNING, "cancel"): S.CANCELLED,
}
PAIRS = [(state, command) for state in S for command in COMMANDS]


@pytest.mark.parametrize(("state", "command"), PAIRS, ids=lambda v: str(v))
def test_each_command_in_each_state(state: ProjectStatus, command: str) -> None:
    project = project_in(state)
    version = project.version
    if (state, command) in LEGAL:
        COMMANDS[command](project)
        assert project.status is LEGAL[(state, command)]
        assert project.version == version + 1
        assert project.updated_at == NOW
    else:
        with pytest.raises(IllegalTransition) as refused:
            COMMANDS[command](project)
        assert refused.value.extensions() == {
            "code": "ILLEGAL_TRANSITION",
            "entity": "project",
            "state": state.value,
            "command": command,
        }
        assert project.status is state
        assert project.version == version


def test_publishing_needs_an_accepted_municipality() -> None:
    project = project_in(S.SUBMITTED)
    with pytest.raises(IllegalTransition, match="no accepted application"):
        project.publish(municipality_accepted=False, now=NOW)
    assert project.status is S.SUBMITTED
    assert project.published_at is None


def test_publishing_a_draft_is_refused_even_for_an_accepted_municipality() -> None:
    with pytest.raises(IllegalTransition, match="cannot publish a project that is draft"):
        project_in(S.DRAFT).publish(municipality_accepted=True, now=NOW)


def test_a_draft_without_required_competences_cannot_be_submitted() -> None:
    project = Project.draft(
        id=uuid4(), municipality_id=uuid4(), details=details(requirements=()), now=NOW
    )
    with pytest.raises(IllegalTransition, match="at least one required competence"):
        project.submit(NOW)
    assert project.status is S.DRAFT


def test_completing_before_the_start_is_refused() -> None:
    project = project_in(S.RUNNING)
    with pytest.raises(InvalidInput) as refused:
        project.complete(date(2026, 1, 1), NOW)
    assert refused.value.details == {"field": "completedOn"}
    assert project.status is S.RUNNING


def test_publishing_makes_the_project_public_for_good() -> None:
    project = project_in(S.SUBMITTED)
    assert not project.is_public
    project.publish(municipality_accepted=True, now=NOW)
    project.cancel(NOW)
    assert project.is_public
    assert project.published_at == NOW


def test_the_last_confirmed_seat_staffs_the_project() -> None:
    project = project_in(S.PUBLISHED)
    assert project.fill_seat(member(1), NOW) is False
    assert project.status is S.PUBLISHED
    assert project.fill_seat(member(0), NOW) is True
    assert project.status is S.STAFFED
    assert project.version == 3


def test_the_same_placement_confirmed_twice_changes_nothing() -> None:
    project = project_in(S.PUBLISHED)
    seat = member(0)
    project.fill_seat(seat, NOW)
    version = project.version
    assert project.fill_seat(replace(seat), NOW) is False
    assert project.version == version
    assert len(project.members) == 1


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.COMPLETED, S.CANCELLED])
def test_seats_are_filled_only_while_published_staffed_or_running(state: ProjectStatus) -> None:
    project = project_in(state)
    with pytest.raises(IllegalTransition) as refused:
        project.fill_seat(member(0), NOW)
    assert refused.value.details["command"] == "fill a seat of"


def test_a_taken_or_missing_seat_is_a_conflict() -> None:
    project = project_in(S.PUBLISHED)
    project.fill_seat(member(0), NOW)
    with pytest.raises(Conflict, match="seat 0 is taken"):
        project.fill_seat(member(0), NOW)
    with pytest.raises(Conflict, match="no seat 2"):
        project.fill_seat(member(2), NOW)


def test_an_early_end_before_the_project_runs_reopens_the_seat() -> None:
    project = project_in(S.STAFFED)
    leaving = project.members[1]
    reopened = project.end_membership(
        leaving.placement_id, ended_on=TODAY, outcome="terminated_early", now=NOW
    )
    assert reopened is True
    assert project.status is S.PUBLISHED
    assert project.filled_seats == {0}
    assert leaving.ended_on == TODAY
    # matching may now confirm a new maker on the open seat
    assert project.fill_seat(member(1), NOW) is True
    assert project.status is S.STAFFED


def test_an_end_while_running_keeps_the_project_running() -> None:
    project = project_in(S.RUNNING)
    reopened = project.end_membership(
        project.members[0].placement_id, ended_on=TODAY, outcome="terminated_early", now=NOW
    )
    assert reopened is False
    assert project.status is S.RUNNING
    assert project.filled_seats == {1}


def test_ending_an_unknown_or_ended_placement_changes_nothing() -> None:
    project = project_in(S.STAFFED)
    version = project.version
    assert project.end_membership(uuid4(), ended_on=TODAY, outcome="completed", now=NOW) is False
    assert project.version == version
    first = project.members[0].placement_id
    project.end_membership(first, ended_on=TODAY, outcome="completed", now=NOW)
    version = project.version
    assert project.end_membership(first, ended_on=TODAY, outcome="completed", now=NOW) is False
    assert project.version == version


def test_editing_cannot_drop_a_filled_seat() -> None:
    project = project_in(S.PUBLISHED)
    project.fill_seat(member(1), NOW)
    with pytest.raises(Conflict) as refused:
        project.edit(details(seats=("E11",)), NOW)
    assert refused.value.details == {"field": "seats"}
    assert project.details.seats == ("E11", "E12")


def test_editing_away_the_open_seats_staffs_a_published_project() -> None:
    project = project_in(S.PUBLISHED)
    project.fill_seat(member(0), NOW)
    assert project.edit(details(seats=("E11",)), NOW) is True
    assert project.status is S.STAFFED


def test_forgetting_a_person_drops_them_as_mentor_and_from_the_team() -> None:
    project = project_in(S.RUNNING)
    mentor = project.details.mentor_id
    maker = project.members[0].person_id
    assert mentor is not None
    assert maker is not None
    assert project.forget(mentor, NOW) is True
    assert project.forget(maker, NOW) is True
    assert project.details.mentor_id is None
    assert project.members[0].person_id is None
    assert project.filled_seats == {0, 1}, "the seat stays filled, only the link is gone"
    version = project.version
    assert project.forget(uuid4(), NOW) is False
    assert project.version == version
