"""Partial edits: what is not given stays, and None clears only where that means something."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.municipality import MunicipalityProfile
from lokal_projects.domain.values import MunicipalityKind, Topic, WorkMode
from lokal_projects.service.commands import EditProject, ReviseMunicipality

DETAILS = ProjectDetails(
    title="Titel",
    goal="Ziel",
    description="Beschreibung",
    topic=Topic.OTHER,
    requirements=(Requirement("esco:x", 2, True),),
    seats=("E11",),
    duration_months=6,
    planned_start=date(2026, 9, 1),
    work_mode=WorkMode.ON_SITE,
    mentor_id=uuid4(),
)


def test_an_empty_edit_keeps_everything() -> None:
    assert EditProject().applied_to(DETAILS) == DETAILS


def test_an_edit_changes_what_it_names_and_may_remove_the_mentor() -> None:
    edited = EditProject(title="Neu", seats=("E11", "E12"), mentor_id=None).applied_to(DETAILS)
    assert edited.title == "Neu"
    assert edited.team_size == 2
    assert edited.mentor_id is None
    assert edited.goal == DETAILS.goal


def test_revising_a_municipality_clears_optional_fields_given_as_none() -> None:
    profile = MunicipalityProfile(
        name="Hof", kind=MunicipalityKind.CITY, population=47_500, website="https://hof.de"
    )
    revised = ReviseMunicipality(name=None, website=None).applied_to(profile)
    assert revised.name == "Hof"
    assert revised.population == 47_500
    assert revised.website is None
