"""Who may see and do what (ARCHITECTURE.md §7), in one place for queries, commands and entities."""

from __future__ import annotations

from lokal_kit.auth import Principal, Role
from lokal_kit.errors import Forbidden
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import Project
from lokal_projects.domain.queries import Audience


def is_staff(principal: Principal, municipality: Municipality) -> bool:
    """Staff of the Kommune by token claim, or one of its contact persons.

    The contact persons count so that a Kommune registered a minute ago can act
    before its identity provider lists it in the person's token.
    """
    return principal.works_for(municipality.id) or municipality.has_contact(principal.person_id)


def is_staff_or_programme(principal: Principal, municipality: Municipality) -> bool:
    return principal.is_programme or is_staff(principal, municipality)


def require_staff(principal: Principal, municipality: Municipality) -> None:
    principal.require_authenticated()
    if not is_staff_or_programme(principal, municipality):
        raise Forbidden(
            f"only staff of {municipality.name} or the programme team may do this",
            municipalityId=str(municipality.id),
        )


def require_registrar(principal: Principal) -> None:
    principal.require_authenticated()
    if not (principal.is_programme or principal.has(Role.MUNICIPALITY)):
        raise Forbidden("only municipality staff or the programme team register municipalities")


def can_see_project(principal: Principal, project: Project, municipality: Municipality) -> bool:
    """Published (once) projects are public; drafts and submissions are the Kommune's own."""
    return project.is_public or is_staff_or_programme(principal, municipality)


def can_see_people(principal: Principal, project: Project, municipality: Municipality) -> bool:
    """Who the Projektpat*in and the team are: the Kommune, the programme, the team itself."""
    if is_staff_or_programme(principal, municipality):
        return True
    return principal.person_id is not None and any(
        member.person_id == principal.person_id for member in project.active_members
    )


def audience(principal: Principal) -> Audience:
    return Audience(
        everything=principal.is_programme,
        municipality_ids=frozenset(m for m in principal.municipality_ids if principal.works_for(m)),
        person_id=principal.person_id,
    )
