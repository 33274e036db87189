"""The integration events matching announces about a placement."""

from __future__ import annotations

from lokal_contracts import matching as contract
from lokal_matching.domain.placement import Placement


def _base(p: Placement) -> dict[str, object]:
    assert p.person_id is not None, "events name the maker; an erased one is not announced"
    return {
        "placement_id": p.id,
        "project_id": p.project_id,
        "person_id": p.person_id,
        "version": p.version,
    }


def proposed(p: Placement) -> contract.PlacementProposed:
    return contract.PlacementProposed(**_base(p), starts_on=p.starts_on, ends_on=p.ends_on)


def accepted(p: Placement) -> contract.PlacementAccepted:
    return contract.PlacementAccepted(**_base(p))


def confirmed(p: Placement, team_size: int) -> contract.PlacementConfirmed:
    return contract.PlacementConfirmed(
        **_base(p),
        municipality_id=p.municipality_id,
        mentor_id=p.mentor_id,
        seat_index=p.seat_index,
        team_size=team_size,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        pay_group=p.pay_group,
        step=p.step,
    )


def ended(p: Placement) -> contract.PlacementEnded:
    assert p.ended_on is not None
    assert p.outcome is not None
    return contract.PlacementEnded(
        **_base(p),
        ended_on=p.ended_on,
        outcome=contract.PlacementOutcome(p.outcome.value),
    )


def mentor_assigned(p: Placement) -> contract.MentorAssigned:
    assert p.mentor_id is not None
    return contract.MentorAssigned(**_base(p), mentor_id=p.mentor_id)
