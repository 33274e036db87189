"""Who may see and do what with matching's data."""

from __future__ import annotations

from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden
from lokal_matching.domain.placement import Placement


def may_see_placement(principal: Principal, placement: Placement) -> bool:
    return (
        principal.is_programme
        or (placement.person_id is not None and principal.is_person(placement.person_id))
        or principal.works_for(placement.municipality_id)
        or (placement.mentor_id is not None and principal.is_person(placement.mentor_id))
    )


def require_see_placement(principal: Principal, placement: Placement) -> None:
    principal.require_authenticated()
    if not may_see_placement(principal, placement):
        raise Forbidden("this placement is not yours to see")


def require_self_or_programme(principal: Principal, person_id: UUID) -> None:
    principal.require_authenticated()
    if not (principal.is_programme or principal.is_person(person_id)):
        raise Forbidden("only the person themself or the programme team may see this")
