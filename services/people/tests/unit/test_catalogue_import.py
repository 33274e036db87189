"""Reading a competence catalogue from CSV: all rows or none, bad lines named."""

from __future__ import annotations

import pytest

from lokal_people.catalogue import default_competences, default_roles
from lokal_people.domain.catalogue_import import CatalogueRejected, parse_catalogue
from lokal_people.domain.competences import CompetenceType

GOOD = (
    "uri,label,alt_labels,skill_type,broader,description\n"
    "http://data.europa.eu/esco/skill/aaa,apply change management,"
    "change management|leading change,skill,http://data.europa.eu/esco/isced-f/06,"
    '"Manage development\nwithin an organisation."\n'
    "lokal:ozg-readiness,OZG readiness,,knowledge,,What the Onlinezugangsgesetz asks.\n"
)


def test_a_well_formed_file_is_read_completely() -> None:
    competences = parse_catalogue(GOOD)
    assert [c.id for c in competences] == [
        "http://data.europa.eu/esco/skill/aaa",
        "lokal:ozg-readiness",
    ]
    first = competences[0]
    assert first.type is CompetenceType.SKILL
    assert first.alt_labels == ("change management", "leading change")
    assert first.broader == ("http://data.europa.eu/esco/isced-f/06",)
    assert first.description == "Manage development\nwithin an organisation."
    assert "leading change" in first.search_text


def test_a_malformed_row_is_reported_with_its_line_number() -> None:
    text = (
        GOOD
        + "http://data.europa.eu/esco/skill/bbb,,,skill,,no label\n"
        + "\n"
        + "http://data.europa.eu/esco/skill/ccc,some skill,,talent,,\n"
    )
    with pytest.raises(CatalogueRejected) as rejected:
        parse_catalogue(text)
    # the first record spans lines 2-3; the blank line 6 is skipped
    assert [(p.line, p.message) for p in rejected.value.problems] == [
        (5, "a label has 1 to 300 characters"),
        (7, "skill_type must be 'skill' or 'knowledge', not 'talent'"),
    ]
    assert rejected.value.extensions()["lines"] == [5, 7]
    assert rejected.value.extensions()["code"] == "BAD_USER_INPUT"


def test_a_row_with_too_many_fields_or_a_bad_id_is_refused() -> None:
    text = (
        "uri,label,skill_type\n"
        "http://x.example/1,one,skill,extra\n"
        "not an id,two,skill\n"
        "http://x.example/3,three,knowledge\n"
        "http://x.example/3,three again,knowledge\n"
    )
    with pytest.raises(CatalogueRejected) as rejected:
        parse_catalogue(text)
    lines = [p.line for p in rejected.value.problems]
    assert lines == [2, 3, 5]
    assert "line 4" in rejected.value.problems[-1].message


def test_a_file_without_the_required_columns_is_refused() -> None:
    with pytest.raises(CatalogueRejected, match="missing column"):
        parse_catalogue("id,name\n1,x\n")


def test_the_shipped_catalogue_holds_the_ict_skills_and_what_the_roles_need() -> None:
    competences = {c.id: c for c in default_competences()}
    assert len(competences) == 877 + 39  # the ESCO ICT skills and the transversal ones
    roles = default_roles()
    assert {r.id for r in roles} >= {
        "project_management",
        "process_management",
        "change_management",
        "data",
        "service_design",
        "it_architecture",
        "it_security",
        "procurement",
        "citizen_participation",
    }
    needed = {c.competence_id for r in roles for c in r.competences}
    assert needed <= set(competences)
    assert (
        competences["http://data.europa.eu/esco/skill/3c03ee71-4a23-448f-b79e-81fd75d27dca"].label
        == "apply change management"
    )
