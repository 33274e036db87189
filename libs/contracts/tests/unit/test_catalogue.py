"""The event catalogue: complete, well named, free of personal data, documented."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from lokal_contracts import Envelope, event_types
from lokal_contracts.asyncapi import render
from lokal_contracts.base import _TYPE, lookup
from lokal_contracts.people import PersonErased

ASYNCAPI = Path(__file__).parents[2] / "asyncapi.json"

# ARCHITECTURE.md §3 and the service issues
REQUIRED = {
    "people.maker.selected.v1",
    "people.profile.updated.v1",
    "people.person.registered.v1",
    "people.application.stage_changed.v1",
    "people.person.erased.v1",
    "projects.municipality.registered.v1",
    "projects.application.decided.v1",
    "projects.project.submitted.v1",
    "projects.project.published.v1",
    "projects.project.updated.v1",
    "projects.project.cancelled.v1",
    "projects.project.staffed.v1",
    "projects.project.started.v1",
    "projects.project.completed.v1",
    "matching.placement.proposed.v1",
    "matching.placement.accepted.v1",
    "matching.placement.confirmed.v1",
    "matching.placement.ended.v1",
    "matching.mentor.assigned.v1",
    "learning.enrollment.created.v1",
    "learning.session.scheduled.v1",
    "learning.attendance.recorded.v1",
    "learning.programme.completed.v1",
}

PERSONAL = {
    "name",
    "first_name",
    "last_name",
    "email",
    "e_mail",
    "phone",
    "address",
    "street",
    "birthday",
    "date_of_birth",
    "note",
    "notes",
    "comment",
    "text",
    "reason",
    "bio",
    "cv",
}
# strings that are identifiers, not prose
IDENTIFIER_STRINGS = {"competence_id"}


def test_the_catalogue_has_every_event_the_architecture_names() -> None:
    assert set(event_types()) >= REQUIRED


@pytest.mark.parametrize("event_type", sorted(event_types()))
def test_each_event_is_routable_and_names_its_subject(event_type: str) -> None:
    event = lookup(event_type)
    assert _TYPE.match(event_type)
    assert event.subject_field in event.model_fields
    assert event.producer() == event_type.split(".")[0]


def _string_properties(schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> list[str]:
    """Every string-typed property that is neither an id, a date, an enum nor a pattern."""
    if "$ref" in schema:
        return _string_properties(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, path)
    free = []
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        free += _string_properties(option, defs, path)
    if schema.get("type") == "string" and not (
        {"format", "enum", "pattern", "const"} & set(schema)
        or path.rsplit(".", 1)[-1] in IDENTIFIER_STRINGS
    ):
        free.append(path)
    for name, sub in schema.get("properties", {}).items():
        free += _string_properties(sub, defs, f"{path}.{name}")
    if "items" in schema:
        free += _string_properties(schema["items"], defs, path)
    return free


@pytest.mark.parametrize("event_type", sorted(event_types()))
def test_no_event_carries_personal_data_or_free_text(event_type: str) -> None:
    event = lookup(event_type)
    assert not PERSONAL & set(event.model_fields), "personal fields in an event"
    schema = event.model_json_schema()
    assert _string_properties(schema, schema.get("$defs", {})) == []


def test_an_envelope_survives_the_wire() -> None:
    event = PersonErased(person_id=uuid4(), erasure_id=uuid4(), version=3)
    envelope = Envelope(
        id=uuid4(),
        source="/lokal/people",
        type=event.event_type,
        subject=event.subject,
        time=datetime.now(UTC),
        aggregateversion=event.version,
        data=event.model_dump(mode="json"),
    )
    again = Envelope.from_json(envelope.to_json())
    assert again == envelope
    assert PersonErased.model_validate(again.data) == event
    assert json.loads(envelope.to_json())["specversion"] == "1.0"


def test_the_committed_asyncapi_document_is_up_to_date() -> None:
    assert ASYNCAPI.read_text() == render(), "run `lokal events asyncapi` and commit the file"


def test_the_asyncapi_document_describes_every_event() -> None:
    document = json.loads(render())
    assert document["asyncapi"] == "3.0.0"
    assert set(document["channels"]) == set(event_types())
    for channel in document["channels"].values():
        for message in channel["messages"].values():
            name = message["$ref"].rsplit("/", 1)[-1]
            assert name in document["components"]["messages"]
