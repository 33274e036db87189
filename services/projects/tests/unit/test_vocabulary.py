"""The domain's vocabularies and the contracts' enums agree, so events map by value."""

from __future__ import annotations

from enum import StrEnum

import pytest

from lokal_contracts import common
from lokal_contracts import projects as contract
from lokal_projects.domain.application import ApplicationStatus
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.domain.values import MunicipalityKind, Topic, WorkMode


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (ProjectStatus, contract.ProjectState),
        (MunicipalityKind, contract.MunicipalityKind),
        (Topic, common.Topic),
        (WorkMode, common.WorkMode),
    ],
)
def test_domain_and_contract_enums_have_the_same_members(
    ours: type[StrEnum], theirs: type[StrEnum]
) -> None:
    assert {(m.name, m.value) for m in ours} == {(m.name, m.value) for m in theirs}


def test_every_decision_is_an_application_status() -> None:
    assert {d.value for d in contract.ApplicationDecision} <= {s.value for s in ApplicationStatus}
