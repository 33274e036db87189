"""Who counts as a Kommune's staff, and who sees which project."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from lokal_kit.auth import ANONYMOUS, Principal, Role
from lokal_kit.errors import Forbidden, Unauthenticated
from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.municipality import Municipality, MunicipalityProfile
from lokal_projects.domain.project import Project, TeamMember
from lokal_projects.domain.values import Ags, MunicipalityKind, Topic, WorkMode
from lokal_projects.service import access

NOW = datetime(2026, 1, 5, tzinfo=UTC)
CONTACT = uuid4()


def hof() -> Municipality:
    return Municipality.register(
        id=uuid4(),
        ags=Ags("09464000"),
        profile=MunicipalityProfile(name="Hof", kind=MunicipalityKind.CITY),
        registered_by=CONTACT,
        now=NOW,
    )


def draft(municipality: Municipality) -> Project:
    return Project.draft(
        id=uuid4(),
        municipality_id=municipality.id,
        details=ProjectDetails(
            title="Wärmeatlas",
            goal="Daten zusammenführen.",
            description="",
            topic=Topic.CLIMATE,
            requirements=(Requirement("esco:x", 2, True),),
            seats=("E12",),
            duration_months=12,
            planned_start=date(2026, 9, 1),
            work_mode=WorkMode.HYBRID,
        ),
        now=NOW,
    )


def test_staff_by_token_claim_or_as_contact_person() -> None:
    municipality = hof()
    by_token = Principal(uuid4(), frozenset({Role.MUNICIPALITY}), frozenset({municipality.id}))
    mentor_by_token = Principal(uuid4(), frozenset({Role.MENTOR}), frozenset({municipality.id}))
    maker_with_claim = Principal(uuid4(), frozenset({Role.MAKER}), frozenset({municipality.id}))
    contact = Principal(CONTACT, frozenset({Role.MUNICIPALITY}))
    other = Principal(uuid4(), frozenset({Role.MUNICIPALITY}), frozenset({uuid4()}))
    assert access.is_staff(by_token, municipality)
    assert access.is_staff(mentor_by_token, municipality)
    assert access.is_staff(contact, municipality)
    assert not access.is_staff(maker_with_claim, municipality)
    assert not access.is_staff(other, municipality)
    assert not access.is_staff(ANONYMOUS, municipality)


def test_only_staff_and_programme_pass_require_staff() -> None:
    municipality = hof()
    access.require_staff(Principal(uuid4(), frozenset({Role.PROGRAMME})), municipality)
    access.require_staff(Principal(CONTACT), municipality)
    with pytest.raises(Unauthenticated):
        access.require_staff(ANONYMOUS, municipality)
    with pytest.raises(Forbidden, match="only staff of Hof"):
        access.require_staff(Principal(uuid4(), frozenset({Role.MAKER})), municipality)


def test_registering_needs_the_municipality_or_programme_role() -> None:
    access.require_registrar(Principal(uuid4(), frozenset({Role.MUNICIPALITY})))
    access.require_registrar(Principal(uuid4(), frozenset({Role.PROGRAMME})))
    with pytest.raises(Forbidden):
        access.require_registrar(Principal(uuid4(), frozenset({Role.MAKER})))
    with pytest.raises(Unauthenticated):
        access.require_registrar(ANONYMOUS)


def test_drafts_are_the_kommunes_and_published_projects_everyones() -> None:
    municipality = hof()
    project = draft(municipality)
    maker = Principal(uuid4(), frozenset({Role.MAKER}))
    assert not access.can_see_project(ANONYMOUS, project, municipality)
    assert not access.can_see_project(maker, project, municipality)
    assert access.can_see_project(Principal(CONTACT), project, municipality)
    project.published_at = NOW
    assert access.can_see_project(ANONYMOUS, project, municipality)


def test_the_team_sees_who_is_on_it() -> None:
    municipality = hof()
    project = draft(municipality)
    maker = Principal(uuid4(), frozenset({Role.MAKER}))
    assert maker.person_id is not None
    assert not access.can_see_people(maker, project, municipality)
    project.members.append(
        TeamMember(uuid4(), 0, maker.person_id, date(2026, 9, 1), date(2027, 8, 31))
    )
    assert access.can_see_people(maker, project, municipality)
    assert not access.can_see_people(ANONYMOUS, project, municipality)


def test_the_audience_of_a_principal() -> None:
    kommune = uuid4()
    staff = Principal(uuid4(), frozenset({Role.MUNICIPALITY}), frozenset({kommune}))
    maker = Principal(uuid4(), frozenset({Role.MAKER}), frozenset({kommune}))
    assert access.audience(staff).municipality_ids == {kommune}
    assert access.audience(maker).municipality_ids == frozenset()
    assert access.audience(Principal(uuid4(), frozenset({Role.PROGRAMME}))).everything
    assert access.audience(ANONYMOUS).person_id is None
