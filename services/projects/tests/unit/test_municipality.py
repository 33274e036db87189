"""The Kommune's profile and its contact persons."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lokal_kit.errors import Conflict, InvalidInput
from lokal_projects.domain.municipality import Municipality, MunicipalityProfile
from lokal_projects.domain.values import Ags, MunicipalityKind

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def eschwege() -> Municipality:
    return Municipality.register(
        id=uuid4(),
        ags=Ags("06636003"),
        profile=MunicipalityProfile(
            name=" Eschwege ",
            kind=MunicipalityKind.CITY,
            population=19_700,
            address="Obermarkt 22, 37269 Eschwege",
            website="https://www.eschwege.de",
        ),
        registered_by=uuid4(),
        now=NOW,
    )


def test_the_registrant_is_the_first_contact_and_the_state_follows_the_ags() -> None:
    municipality = eschwege()
    assert municipality.name == "Eschwege"
    assert municipality.state.name == "Hessen"
    assert len(municipality.contact_ids) == 1
    assert municipality.has_contact(municipality.contact_ids[0])
    assert not municipality.has_contact(None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"population": -1}, "population"),
        ({"population": 100_000_001}, "population"),
        ({"website": "www.eschwege.de"}, "website"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"address": "x" * 301}, "address"),
    ],
)
def test_an_invalid_profile_is_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        replace(eschwege().profile, **changes)  # type: ignore[arg-type]
    assert refused.value.details == {"field": field}


def test_blank_optional_fields_are_cleared() -> None:
    profile = replace(eschwege().profile, address="  ", website="")
    assert profile.address is None
    assert profile.website is None


def test_contacts_are_added_once_and_removed_when_present() -> None:
    municipality = eschwege()
    person = uuid4()
    municipality.add_contact(person)
    assert municipality.version == 2
    with pytest.raises(Conflict):
        municipality.add_contact(person)
    municipality.remove_contact(person)
    with pytest.raises(InvalidInput) as refused:
        municipality.remove_contact(person)
    assert refused.value.details == {"field": "personId"}
    assert municipality.version == 3


def test_forgetting_a_contact() -> None:
    municipality = eschwege()
    registrant = municipality.contact_ids[0]
    assert municipality.forget(uuid4()) is False
    assert municipality.forget(registrant) is True
    assert municipality.contact_ids == []
    assert municipality.version == 2
