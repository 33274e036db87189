"""Who may see and do what in the programme: the rules every use case and resolver applies."""

from __future__ import annotations

from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden
from lokal_learning.domain.enrollments import Enrollment
from lokal_learning.domain.sessions import Session


def may_see_enrollment(principal: Principal, enrollment: Enrollment) -> bool:
    """The maker, their Projektpat*in, their coach and the programme team."""
    return principal.is_programme or any(
        principal.is_person(someone)
        for someone in (enrollment.person_id, enrollment.mentor_id, enrollment.coach_id)
        if someone is not None
    )


def may_see_check_ins(principal: Principal, enrollment: Enrollment) -> bool:
    """The tandem's notes are theirs and the programme team's: not even the coach reads them."""
    return principal.is_programme or any(
        principal.is_person(someone)
        for someone in (enrollment.person_id, enrollment.mentor_id)
        if someone is not None
    )


def may_see_session(principal: Principal, session: Session, seated: set[UUID]) -> bool:
    """Group sessions are the programme's public plan; coaching appointments are private."""
    if principal.is_anonymous:
        return False
    if not session.one_to_one or principal.is_programme:
        return True
    return principal.person_id in seated or principal.person_id == session.facilitator_id


def may_run_session(principal: Principal, session: Session) -> bool:
    """Sees who takes part and records attendance: the facilitator and the programme team."""
    return principal.is_programme or (
        session.facilitator_id is not None and principal.is_person(session.facilitator_id)
    )


def require_person_or_programme(principal: Principal, person_id: UUID) -> None:
    principal.require_authenticated()
    if not (principal.is_programme or principal.is_person(person_id)):
        raise Forbidden("only the person themself or the programme team may see this")
