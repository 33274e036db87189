"""Profile values and contact data: valid ones normalised, invalid ones refused by field."""

from __future__ import annotations

from datetime import date

import pytest

from lokal_contracts import common, people
from lokal_kit.errors import InvalidInput
from lokal_people.domain import contact, persons, pipeline, profile
from lokal_people.domain.profile import (
    Availability,
    Background,
    MakerProfile,
    ProfileCompetence,
    RegionWishes,
)


def test_levels_are_one_to_four() -> None:
    assert ProfileCompetence("lokal:x", 4).level == 4
    with pytest.raises(InvalidInput, match="1 to 4, not 5") as refused:
        ProfileCompetence("lokal:x", 5)
    assert refused.value.details["field"] == "level"


@pytest.mark.parametrize("months", [3, 5, 13])
def test_a_placement_lasts_six_to_twelve_months(months: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        Availability(date(2027, 1, 1), months)
    assert refused.value.details["field"] == "availability.months"


def test_region_wishes_are_land_codes_and_ags_prefixes() -> None:
    wishes = RegionWishes(states=("06",), ags_prefixes=("14626", "06"))
    assert wishes.prefixes == ("06", "14626")
    for bad in (RegionWishes, lambda states: RegionWishes(ags_prefixes=states)):
        with pytest.raises(InvalidInput):
            bad(("17",))


def test_a_profile_lists_each_competence_once_and_only_web_links() -> None:
    base = {"background": Background.BUSINESS, "experience_years": 3}
    availability = Availability(date(2027, 1, 1), 6)
    twice = (ProfileCompetence("lokal:x", 2), ProfileCompetence("lokal:x", 3))
    with pytest.raises(InvalidInput, match="twice"):
        MakerProfile(**base, availability=availability, competences=twice)
    with pytest.raises(InvalidInput, match="http"):
        MakerProfile(**base, availability=availability, links=("javascript:alert(1)",))
    with pytest.raises(InvalidInput, match="experience"):
        MakerProfile(Background.RESEARCH, 61, availability)


def test_contact_data_is_checked_and_normalised() -> None:
    assert contact.email_address(" Lena.Vogt@Example.ORG ") == "Lena.Vogt@example.org"
    assert contact.email_key("Lena.Vogt@example.org") == "lena.vogt@example.org"
    assert contact.phone_number("030 1234567") == "+49301234567"
    assert contact.person_name("  Anna   Reinholz ") == "Anna Reinholz"
    assert contact.language("de-AT") == "de-AT"
    for check, bad, field in (
        (contact.email_address, "anna@", "email"),
        (contact.email_address, "anna reinholz@example.org", "email"),
        (contact.phone_number, "call me", "phone"),
        (contact.person_name, "   ", "name"),
        (contact.language, "german", "preferredLanguage"),
    ):
        with pytest.raises(InvalidInput) as refused:
            check(bad)
        assert refused.value.details["field"] == field


def test_mentors_and_staff_belong_to_a_municipality() -> None:
    with pytest.raises(InvalidInput) as refused:
        persons.check_roles(frozenset({persons.PersonRole.MENTOR}), frozenset())
    assert refused.value.details["field"] == "municipalityIds"


@pytest.mark.parametrize(
    ("ours", "contract"),
    [
        (persons.PersonRole, people.Role),
        (pipeline.MakerStage, people.Stage),
        (profile.Background, common.Background),
        (profile.Topic, common.Topic),
        (profile.Workload, common.Workload),
    ],
)
def test_the_domain_enums_match_the_event_contracts(ours: type, contract: type) -> None:
    assert [m.value for m in ours] == [m.value for m in contract]
