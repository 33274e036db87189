"""Who may see what of a person: the rule every read path applies, `_entities` included."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden
from lokal_people.domain.persons import Person
from lokal_people.domain.placements import Placement


class Access(IntEnum):
    NONE = 0
    WORK = 1
    """Name, competences and work e-mail: what colleagues in a placement need."""
    FULL = 2
    """Everything: the person themself and the programme team."""


def access_to(principal: Principal, person: Person, placements: Iterable[Placement]) -> Access:
    """`placements`: those of the person as maker and those in which they are Projektpat*in."""
    if principal.is_anonymous:
        return Access.NONE
    if principal.is_person(person.id) or principal.is_programme:
        return Access.FULL
    for placement in placements:
        if not placement.active:
            continue
        if placement.person_id == person.id and (
            _is(principal, placement.mentor_id) or principal.works_for(placement.municipality_id)
        ):
            return Access.WORK
        if placement.mentor_id == person.id and principal.is_person(placement.person_id):
            return Access.WORK
    if person.acts_for_municipalities and any(
        principal.works_for(m) for m in person.municipality_ids
    ):
        return Access.WORK
    return Access.NONE


def needs_placements(principal: Principal, person_id: UUID) -> bool:
    """Whether `access_to` looks at the person's placements for this principal: not for the
    anonymous, the person themself or the programme team, so theirs need not be loaded."""
    return not (principal.is_anonymous or principal.is_programme or principal.is_person(person_id))


def require_self_or_programme(principal: Principal, person_id: object) -> None:
    principal.require_authenticated()
    if not (principal.is_programme or principal.person_id == person_id):
        raise Forbidden("only the person themself or the programme team may do this")


def _is(principal: Principal, person_id: object) -> bool:
    return person_id is not None and principal.person_id == person_id
