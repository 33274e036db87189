"""A Kommune's programme application: submitted → in_review → accepted | rejected | withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lokal_kit.errors import IllegalTransition, InvalidInput
from lokal_projects.domain.application import (
    ApplicationStatus,
    MunicipalityApplication,
    programme_round,
)

A = ApplicationStatus
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def submitted(mentor: object = None) -> MunicipalityApplication:
    return MunicipalityApplication.submit(
        id=uuid4(),
        municipality_id=uuid4(),
        round="PILOT",
        motivation="Wir wollen lernen.",
        problem="Zu viel Papier.",
        mentor_id=mentor or uuid4(),  # type: ignore[arg-type]
        now=NOW,
    )


def in_state(status: ApplicationStatus) -> MunicipalityApplication:
    application = submitted()
    application.status = status
    return application


COMMANDS = {
    "review": lambda a: a.start_review(),
    "accept": lambda a: a.decide(accept=True, reason="überzeugend", now=NOW),
    "reject": lambda a: a.decide(accept=False, reason="kein Bedarf", now=NOW),
    "withdraw": lambda a: a.withdraw(NOW),
}
LEGAL = {
    (A.SUBMITTED, "review"): A.IN_REVIEW,
    (A.IN_REVIEW, "accept"): A.ACCEPTED,
    (A.IN_REVIEW, "reject"): A.REJECTED,
    (A.SUBMITTED, "withdraw"): A.WITHDRAWN,
    (A.IN_REVIEW, "withdraw"): A.WITHDRAWN,
}


@pytest.mark.parametrize(
    ("state", "command"), [(s, c) for s in A for c in COMMANDS], ids=lambda v: str(v)
)
def test_each_command_in_each_state(state: ApplicationStatus, command: str) -> None:
    application = in_state(state)
    if (state, command) in LEGAL:
        COMMANDS[command](application)
        assert application.status is LEGAL[(state, command)]
        assert application.version == 2
    else:
        with pytest.raises(IllegalTransition) as refused:
            COMMANDS[command](application)
        assert refused.value.details["entity"] == "municipality application"
        assert refused.value.details["state"] == state.value
        assert application.status is state
        assert application.version == 1


def test_a_decision_keeps_its_reason_and_time() -> None:
    application = in_state(A.IN_REVIEW)
    application.decide(accept=False, reason="  Kein Rückhalt der Spitze. ", now=NOW)
    assert application.decision_reason == "Kein Rückhalt der Spitze."
    assert application.decided_at == NOW


def test_a_decision_without_reason_is_refused() -> None:
    application = in_state(A.IN_REVIEW)
    with pytest.raises(InvalidInput) as refused:
        application.decide(accept=True, reason=" ", now=NOW)
    assert refused.value.details == {"field": "reason"}
    assert application.status is A.IN_REVIEW


@pytest.mark.parametrize("value", ["pilot", "P", "PILOT PHASE", "2026", "X" * 41])
def test_a_round_is_named_in_capitals(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        programme_round(value)
    assert refused.value.details == {"field": "round"}


def test_blank_motivation_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        MunicipalityApplication.submit(
            id=uuid4(),
            municipality_id=uuid4(),
            round="ROUND_2027",
            motivation="",
            problem="x",
            mentor_id=None,
            now=NOW,
        )
    assert refused.value.details == {"field": "motivation"}


def test_forgetting_the_named_mentor() -> None:
    mentor = uuid4()
    application = submitted(mentor)
    assert application.forget(uuid4()) is False
    assert application.forget(mentor) is True
    assert application.mentor_id is None
    assert application.version == 2
