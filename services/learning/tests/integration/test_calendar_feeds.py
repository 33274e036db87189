"""The .ics feeds over HTTP: parsed by `icalendar` and by `vobject`, right events, right times."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
import vobject
from learning_harness import PEOPLE, PRINCIPALS, PROGRAMME, Learning, World

from lokal_kit.auth import Principal, Role
from lokal_kit.auth.tokens import TokenVerifier
from lokal_kit.health import Health
from lokal_kit.http import create_service_app
from lokal_learning.domain.kinds import SessionFormat
from lokal_learning.service import seats, sessions

ISSUE = "mutation { issueCalendarToken { token personFeedUrl } }"
BASE = "https://learning.example"


@pytest.fixture
async def http(
    learning: Learning, token_verifier: TokenVerifier
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_service_app(learning.service, verifier=token_verifier, health=Health())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        yield client


async def issue(learning: Learning, principal: Principal) -> dict[str, str]:
    return (await learning.ok(ISSUE, principal))["issueCalendarToken"]  # type: ignore[no-any-return]


async def fetch(http: httpx.AsyncClient, url: str) -> httpx.Response:
    return await http.get(url.removeprefix(BASE))


def by_summary(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def vobject_events(feed: bytes) -> dict[str, Any]:
    parsed = vobject.readOne(feed.decode())
    return {event.summary.value: event for event in parsed.vevent_list}


async def test_a_persons_feed_has_their_sessions_at_the_right_times(
    learning: Learning, world: World, http: httpx.AsyncClient
) -> None:
    access = await issue(learning, PRINCIPALS["maker"])
    assert access["personFeedUrl"].startswith(
        f"{BASE}/calendar/persons/{PEOPLE['maker']}.ics?token="
    )

    response = await fetch(http, access["personFeedUrl"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = by_summary(response.content)
    assert set(events) == {
        "Auftakt",
        "Gruppen-Coaching (1/3)",
        "Gruppen-Coaching (2/3)",
        "Gruppen-Coaching (3/3)",
    }
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    before, after = events["Gruppen-Coaching (1/3)"], events["Gruppen-Coaching (2/3)"]
    assert before["DTSTART"].params["TZID"] == "Europe/Berlin"
    # 10:00 in Germany on both sides of the end of summer time (25 Oct 2026)
    berlin = ZoneInfo("Europe/Berlin")
    assert before.decoded("DTSTART") == datetime(2026, 9, 29, 10, 0, tzinfo=berlin)
    assert after.decoded("DTSTART") == datetime(2026, 10, 27, 10, 0, tzinfo=berlin)
    assert before.decoded("DTSTART").utcoffset() == timedelta(hours=2)
    assert after.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    assert before.decoded("DTSTART").astimezone(UTC) == datetime(2026, 9, 29, 8, 0, tzinfo=UTC)
    assert after.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 27, 9, 0, tzinfo=UTC)
    assert after.decoded("DTEND").astimezone(UTC) == datetime(2026, 10, 27, 11, 0, tzinfo=UTC)
    assert str(events["Auftakt"]["UID"]) == f"{world.sessions['Auftakt']}@learning.lokalprojekte.de"
    assert {str(e["STATUS"]) for e in events.values()} == {"CONFIRMED"}

    # a second parser, with its own reading of VTIMEZONE, agrees on the instants
    other = vobject_events(response.content)
    assert {name: e.dtstart.value.astimezone(UTC) for name, e in other.items()} == {
        "Auftakt": datetime(2026, 9, 1, 7, 30, tzinfo=UTC),
        "Gruppen-Coaching (1/3)": datetime(2026, 9, 29, 8, 0, tzinfo=UTC),
        "Gruppen-Coaching (2/3)": datetime(2026, 10, 27, 9, 0, tzinfo=UTC),
        "Gruppen-Coaching (3/3)": datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    }
    assert other["Auftakt"].uid.value == str(events["Auftakt"]["UID"])


async def test_moved_and_cancelled_sessions_update_the_feed(
    learning: Learning, world: World, http: httpx.AsyncClient
) -> None:
    access = await issue(learning, PRINCIPALS["maker"])
    await learning.ok(
        "mutation($id: ID!) { moveSession(input: {sessionId: $id,"
        ' startsAt: "2026-11-26T14:00:00+01:00", durationMinutes: 90}) { status } }',
        id=str(world.sessions["Gruppen-Coaching (3/3)"]),
    )
    await learning.ok(
        "mutation($id: ID!) { cancelSession(sessionId: $id) { status } }",
        id=str(world.sessions["Gruppen-Coaching (2/3)"]),
    )
    # a waitlist place shows as tentative
    workshop = world.sessions["Agile Methoden"]
    for person in (uuid4(), uuid4(), PEOPLE["maker"]):
        await seats.enrol_in_session(learning.rt, PROGRAMME, workshop, person)

    feed = (await fetch(http, access["personFeedUrl"])).content

    events = by_summary(feed)
    moved, cancelled = events["Gruppen-Coaching (3/3)"], events["Gruppen-Coaching (2/3)"]
    assert (int(moved["SEQUENCE"]), str(moved["STATUS"])) == (1, "CONFIRMED")
    assert moved.decoded("DTSTART").astimezone(UTC) == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert moved.decoded("DTEND").astimezone(UTC) == datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
    assert (int(cancelled["SEQUENCE"]), str(cancelled["STATUS"])) == (1, "CANCELLED")
    assert str(events["Agile Methoden"]["STATUS"]) == "TENTATIVE"
    assert int(events["Auftakt"]["SEQUENCE"]) == 1  # its facilitator was set in the world

    other = vobject_events(feed)
    assert other["Gruppen-Coaching (2/3)"].status.value == "CANCELLED"
    assert other["Gruppen-Coaching (3/3)"].sequence.value == "1"
    assert other["Gruppen-Coaching (3/3)"].dtstart.value.astimezone(UTC) == datetime(
        2026, 11, 26, 13, 0, tzinfo=UTC
    )


async def test_a_feed_needs_the_persons_current_token(
    learning: Learning, world: World, http: httpx.AsyncClient
) -> None:
    first = await issue(learning, PRINCIPALS["maker"])
    second = await issue(learning, PRINCIPALS["maker"])
    assert (await fetch(http, first["personFeedUrl"])).status_code == 404
    assert (await fetch(http, second["personFeedUrl"])).status_code == 200
    someone_else = f"/calendar/persons/{PEOPLE['mentor']}.ics?token={second['token']}"
    assert (await http.get(someone_else)).status_code == 404
    assert (
        await http.get(f"/calendar/persons/{PEOPLE['maker']}.ics?token=x" * 1)
    ).status_code == 422
    assert (await http.get(f"/calendar/persons/{PEOPLE['maker']}.ics")).status_code == 422


async def test_a_cohorts_feed_for_its_people_and_the_programme(
    learning: Learning, world: World, http: httpx.AsyncClient
) -> None:
    await sessions.schedule_coaching_appointment(
        learning.rt,
        PROGRAMME,
        sessions.NewAppointment(
            enrollment_id=world.enrollment_id,
            starts_at=datetime(2026, 9, 21, 9, 0, tzinfo=UTC),
            duration_minutes=60,
            format=SessionFormat.ONLINE,
        ),
    )
    # a cohort's feed is reached with the person's own token
    cohort_url = "mutation($c: ID!) { issueCalendarToken { cohortFeedUrl(cohortId: $c) } }"
    for role in ("maker", "mentor", "coach", "facilitator", "programme"):
        access = await learning.ok(cohort_url, PRINCIPALS[role], c=str(world.cohort_id))
        response = await fetch(http, access["issueCalendarToken"]["cohortFeedUrl"])
        assert response.status_code == 200, role
        names = set(by_summary(response.content))
        assert names == set(world.sessions), role  # group sessions only, no coaching appointment
        assert set(vobject_events(response.content)) == names

    outsider = Principal(uuid4(), frozenset({Role.MAKER}))
    access = await learning.ok(cohort_url, outsider, c=str(world.cohort_id))
    assert (await fetch(http, access["issueCalendarToken"]["cohortFeedUrl"])).status_code == 404
    unknown = f"/calendar/cohorts/{uuid4()}.ics?token={'a' * 43}"
    assert (await http.get(unknown)).status_code == 404
