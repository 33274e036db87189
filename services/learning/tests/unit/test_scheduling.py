"""A curriculum template becomes real dates in German wall-clock time, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from lokal_kit.errors import InvalidInput
from lokal_learning.domain.cohorts import cohort_from_template
from lokal_learning.domain.curriculum import (
    CurriculumItem,
    CurriculumTemplate,
    cohort_period,
    default_cohort_title,
    schedule,
)
from lokal_learning.domain.kinds import SessionFormat, SessionKind

BERLIN = ZoneInfo("Europe/Berlin")


def item(**overrides: object) -> CurriculumItem:
    values: dict[str, object] = {
        "kind": SessionKind.COACHING,
        "title": "Gruppen-Coaching",
        "description": "",
        "offset_days": 0,
        "start_time": time(10, 0),
        "duration_minutes": 120,
        "format": SessionFormat.ONLINE,
        "mandatory": True,
        "capacity": 12,
    }
    values.update(overrides)
    return CurriculumItem(**values)  # type: ignore[arg-type]


def test_a_weekly_session_keeps_its_local_time_when_the_clocks_go_back() -> None:
    # 2026: summer time ends on Sunday, 25 October
    weekly = item(offset_days=0, occurrences=4, repeat_every_days=7)
    planned = schedule([weekly], date(2026, 10, 13))

    local = [p.starts_at.astimezone(BERLIN) for p in planned]
    assert [(d.date(), d.time()) for d in local] == [
        (date(2026, 10, 13), time(10, 0)),
        (date(2026, 10, 20), time(10, 0)),
        (date(2026, 10, 27), time(10, 0)),
        (date(2026, 11, 3), time(10, 0)),
    ]
    # the UTC instants move by an hour instead
    assert [p.starts_at for p in planned] == [
        datetime(2026, 10, 13, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 20, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 27, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 9, 0, tzinfo=UTC),
    ]
    assert all(
        p.ends_at - p.starts_at == planned[0].ends_at - planned[0].starts_at for p in planned
    )
    assert [p.title for p in planned] == [f"Gruppen-Coaching ({n}/4)" for n in range(1, 5)]


def test_spring_forward_keeps_the_local_time_too() -> None:
    # 2027: summer time starts on Sunday, 28 March
    planned = schedule([item(occurrences=2, repeat_every_days=7)], date(2027, 3, 23))
    assert [p.starts_at for p in planned] == [
        datetime(2027, 3, 23, 9, 0, tzinfo=UTC),
        datetime(2027, 3, 30, 8, 0, tzinfo=UTC),
    ]


def test_a_template_is_scheduled_relative_to_the_cohort_start_in_time_order() -> None:
    items = (
        item(title="Abschluss", kind=SessionKind.NETWORKING, offset_days=175, start_time=time(14)),
        item(title="Auftakt", kind=SessionKind.ONBOARDING, offset_days=0, start_time=time(9, 30)),
        item(title="Agile Methoden", kind=SessionKind.WORKSHOP, offset_days=35, mandatory=False),
    )
    template = CurriculumTemplate(id=items[0].id, name="Plan", description="", items=items)
    cohort, sessions = cohort_from_template(template, date(2026, 9, 1))

    assert cohort.period == "2026-09"
    assert cohort.title == "Kohorte September 2026"
    assert [s.title for s in sessions] == ["Auftakt", "Agile Methoden", "Abschluss"]
    assert sessions[0].starts_at == datetime(2026, 9, 1, 7, 30, tzinfo=UTC)  # 09:30 CEST
    assert sessions[1].starts_at == datetime(2026, 10, 6, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert sessions[2].starts_at == datetime(2027, 2, 23, 13, 0, tzinfo=UTC)  # 14:00 CET
    assert all(s.cohort_id == cohort.id for s in sessions)
    assert [s.mandatory for s in sessions] == [True, False, True]
    assert {s.template_item_id for s in sessions} == {i.id for i in items}


def test_cohort_period_and_title() -> None:
    assert cohort_period(date(2026, 3, 15)) == "2026-03"
    assert default_cohort_title(date(2026, 3, 15)) == "Kohorte März 2026"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 501}, "capacity"),
        ({"duration_minutes": 5}, "durationMinutes"),
        ({"start_time": time(5, 30)}, "startTime"),
        ({"start_time": time(21, 0), "duration_minutes": 120}, "startTime"),
        ({"title": "  "}, "title"),
        ({"offset_days": -1}, "offsetDays"),
        ({"occurrences": 3}, "repeatEveryDays"),
        ({"occurrences": 0}, "occurrences"),
    ],
)
def test_an_invalid_item_names_its_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        item(**overrides)
    assert raised.value.details["field"] == field


def test_a_template_needs_items() -> None:
    with pytest.raises(InvalidInput) as raised:
        CurriculumTemplate(id=item().id, name="Leer", description="", items=())
    assert raised.value.details["field"] == "items"
