"""iCalendar (RFC 5545) feeds of sessions, written with the `icalendar` library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE, SessionFormat, SessionKind
from lokal_learning.domain.sessions import Session

PRODUCT = "-//Lokalprojekte//Begleitprogramm//DE"
UID_DOMAIN = "learning.lokalprojekte.de"
KIND_LABELS = {
    SessionKind.ONBOARDING: "Onboarding",
    SessionKind.COACHING: "Coaching",
    SessionKind.NETWORKING: "Vernetzung",
    SessionKind.WORKSHOP: "Workshop",
}


@dataclass(frozen=True)
class CalendarEntry:
    session: Session
    updated_at: datetime
    waitlisted: bool = False


def session_uid(session: Session) -> str:
    return f"{session.id}@{UID_DOMAIN}"


def render_calendar(name: str, entries: Sequence[CalendarEntry]) -> bytes:
    """A calendar whose events keep their UID across changes, so that a moved or cancelled
    session replaces what calendar apps hold (higher SEQUENCE, STATUS:CANCELLED)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", PROGRAMME_TIME_ZONE.key)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for entry in entries:
        calendar.add_component(_event(entry))
    if entries:
        first = min(entry.session.starts_at for entry in entries)
        last = max(entry.session.ends_at for entry in entries)
        # only the transitions the feed's own dates need, not the zone's whole history
        calendar.add_missing_timezones(
            first_date=first.date() - timedelta(days=366),
            last_date=last.date() + timedelta(days=366),
        )
    return bytes(calendar.to_ical())


def _event(entry: CalendarEntry) -> Event:
    session = entry.session
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", entry.updated_at)
    event.add("last-modified", entry.updated_at)
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(PROGRAMME_TIME_ZONE))
    event.add("dtend", session.ends_at.astimezone(PROGRAMME_TIME_ZONE))
    event.add("summary", session.title)
    event.add("categories", [KIND_LABELS[session.kind]])
    event.add("status", _status(entry))
    event.add("transp", "OPAQUE")
    details = [session.description] if session.description else []
    if session.online_url:
        details.append(f"Online: {session.online_url}")
        event.add("url", session.online_url)
    if details:
        event.add("description", "\n\n".join(details))
    where = session.location or (
        session.online_url if session.format is SessionFormat.ONLINE else None
    )
    if where:
        event.add("location", where)
    return event


def _status(entry: CalendarEntry) -> str:
    if entry.session.is_cancelled:
        return "CANCELLED"
    return "TENTATIVE" if entry.waitlisted else "CONFIRMED"
