"""AGS, Land and pay groups: structurally validated, with errors that name the field."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from lokal_contracts.common import PayGroup
from lokal_contracts.demo import MUNICIPALITIES
from lokal_kit.errors import InvalidInput
from lokal_projects.domain.values import PAY_GROUP, STATES, Ags, State


def test_the_state_comes_from_the_first_two_digits() -> None:
    eschwege = Ags("06636003")
    assert eschwege.state == State("06", "Hessen")
    assert Ags("14626110").state.name == "Sachsen"
    assert Ags("01001000").state.name == "Schleswig-Holstein"
    assert Ags("16055000").state.name == "Thüringen"


def test_every_demo_municipality_has_a_valid_ags() -> None:
    assert {Ags(ags).state.code for ags in MUNICIPALITIES.values()} == {
        "06",
        "14",
        "09",
        "12",
        "01",
        "15",
    }


def test_there_are_sixteen_laender() -> None:
    assert sorted(STATES) == [f"{code:02d}" for code in range(1, 17)]


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("0663600", "exactly 8 digits"),
        ("066360031", "exactly 8 digits"),
        ("06A36003", "exactly 8 digits"),
        ("", "exactly 8 digits"),
        ("06 36003", "exactly 8 digits"),
        ("00636003", "Land code 01–16"),
        ("17636003", "Land code 01–16"),
        ("99000000", "Land code 01–16"),
    ],
)
def test_a_malformed_ags_is_refused_naming_the_field(value: str, complaint: str) -> None:
    with pytest.raises(InvalidInput, match=complaint) as refused:
        Ags(value)
    assert refused.value.extensions()["code"] == "BAD_USER_INPUT"
    assert refused.value.details == {"field": "ags"}


def test_an_unknown_land_code_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        State.of("17", field="filter.states")
    assert refused.value.details == {"field": "filter.states"}


@pytest.mark.parametrize(
    "value",
    ["E1", "E2Ü", "E8", "E9a", "E9b", "E9c", "E9", "E10", "E13", "E15", "E15Ü", "E16", "e11", ""],
)
def test_pay_groups_are_those_the_contracts_accept(value: str) -> None:
    try:
        TypeAdapter(PayGroup).validate_python(value)
        contract_accepts = True
    except ValidationError:
        contract_accepts = False
    assert bool(PAY_GROUP.match(value)) is contract_accepts
