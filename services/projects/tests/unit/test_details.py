"""What a project description must satisfy; each complaint names the field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from lokal_kit.errors import InvalidInput
from lokal_projects.domain.details import ProjectDetails, Requirement
from lokal_projects.domain.values import Topic, WorkMode

URI = "http://data.europa.eu/esco/skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"


def valid() -> ProjectDetails:
    return ProjectDetails(
        title="  Wärmeatlas  ",
        goal="Daten zusammenführen.",
        description="",
        topic=Topic.CLIMATE,
        requirements=(Requirement(URI, 3, True),),
        seats=("E13", "E12"),
        duration_months=12,
        planned_start=date(2026, 9, 1),
        work_mode=WorkMode.HYBRID,
        mentor_id=uuid4(),
    )


def test_a_valid_description_is_kept_trimmed() -> None:
    details = valid()
    assert details.title == "Wärmeatlas"
    assert details.team_size == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_months": 13}, "durationMonths"),
        ({"duration_months": 5}, "durationMonths"),
        ({"seats": ()}, "seats"),
        ({"seats": ("E11",) * 7}, "seats"),
        ({"seats": ("E11", "E16")}, "seats[1]"),
        ({"seats": ("A13",)}, "seats[0]"),
        ({"requirements": (Requirement(URI, 0, True),)}, "requirements[0].minLevel"),
        ({"requirements": (Requirement(URI, 5, True),)}, "requirements[0].minLevel"),
        (
            {"requirements": (Requirement(URI, 2, True), Requirement(URI, 3, False))},
            "requirements[1].competenceId",
        ),
        (
            {"requirements": (Requirement("project management", 2, True),)},
            "requirements[0].competenceId",
        ),
        ({"requirements": (Requirement("", 2, True),)}, "requirements[0].competenceId"),
        ({"requirements": tuple(Requirement(f"c{i}", 2, True) for i in range(31))}, "requirements"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"goal": ""}, "goal"),
        ({"description": "x" * 10_001}, "description"),
    ],
)
def test_invalid_details_are_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        replace(valid(), **changes)  # type: ignore[arg-type]
    assert refused.value.details == {"field": field}
    assert refused.value.code == "BAD_USER_INPUT"


def test_team_sizes_one_to_six_and_durations_six_to_twelve_are_fine() -> None:
    for size in range(1, 7):
        assert replace(valid(), seats=("E11",) * size).team_size == size
    for months in range(6, 13):
        assert replace(valid(), duration_months=months).duration_months == months
