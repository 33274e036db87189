"""A person edits their own details, consents and (as a maker) their profile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, InvalidInput, NotFound
from lokal_people.domain import contact
from lokal_people.domain.persons import ConsentPurpose, Person
from lokal_people.domain.pipeline import IN_POOL
from lokal_people.domain.profile import ProfileCompetence
from lokal_people.service import events
from lokal_people.service.commands import PersonDetails, ProfileChange
from lokal_people.service.unit_of_work import PeopleUnitOfWork


def contact_fields(details: PersonDetails) -> dict[str, str | None]:
    """The given details, checked and normalised; an empty optional value means remove it."""
    fields: dict[str, str | None] = {}
    if details.name is not None:
        fields["name"] = contact.person_name(details.name)
    if details.email is not None:
        fields["email"] = contact.email_address(details.email)
    if details.work_email is not None:
        fields["work_email"] = (
            contact.email_address(details.work_email, field="workEmail")
            if details.work_email.strip()
            else None
        )
    if details.phone is not None:
        fields["phone"] = contact.phone_number(details.phone) if details.phone.strip() else None
    if details.preferred_language is not None:
        fields["preferred_language"] = contact.language(details.preferred_language)
    return fields


async def check_email_free(uow: PeopleUnitOfWork, email: str | None, person_id: UUID) -> None:
    if email is None:
        return
    holder = await uow.persons.id_for_email(contact.email_key(email))
    if holder is not None and holder != person_id:
        raise Conflict("this e-mail address belongs to another person", field="email")


async def check_competences_known(
    uow: PeopleUnitOfWork, competences: Sequence[ProfileCompetence], field: str = "competences"
) -> None:
    known = await uow.catalogue.known(c.competence_id for c in competences)
    for index, competence in enumerate(competences):
        if competence.competence_id not in known:
            raise InvalidInput(
                f"{competence.competence_id!r} is not in the competence catalogue",
                field=f"{field}[{index}].competenceId",
            )


async def update_my_details(
    uow: PeopleUnitOfWork, principal: Principal, details: PersonDetails
) -> Person:
    person_id = principal.require_authenticated()
    fields = contact_fields(details)
    async with uow:
        person = await _registered(uow, person_id)
        await check_email_free(uow, fields.get("email"), person_id)
        for name, value in fields.items():
            setattr(person, name, value)
        if fields:
            person.changed()
            await uow.persons.save(person)
            await uow.commit()
    return person


async def update_my_profile(
    uow: PeopleUnitOfWork, principal: Principal, change: ProfileChange
) -> Person:
    """Makers keep their profile current; matching hears of it once they are in the pool."""
    person_id = principal.require_authenticated()
    async with uow:
        person = await _registered(uow, person_id)
        if person.profile is None:
            raise InvalidInput("only makers have a profile", field="profile")
        given = {name: value for name, value in vars(change).items() if value is not None}
        if not given:
            return person
        person.profile = replace(person.profile, **given)
        if change.competences is not None:
            await check_competences_known(uow, change.competences)
        person.changed()
        await uow.persons.save(person)
        application = await uow.applications.for_person(person_id)
        if application is not None and application.stage in IN_POOL:
            uow.publish(events.profile_updated(person, application.stage))
        await uow.commit()
    return person


async def give_consent(
    uow: PeopleUnitOfWork,
    principal: Principal,
    purpose: ConsentPurpose,
    notice_version: str,
    now: datetime,
) -> Person:
    person_id = principal.require_authenticated()
    async with uow:
        person = await _registered(uow, person_id)
        person.give_consent(purpose, notice_version, now)
        await uow.persons.save(person)
        await uow.commit()
    return person


async def withdraw_consent(
    uow: PeopleUnitOfWork, principal: Principal, purpose: ConsentPurpose, now: datetime
) -> Person:
    person_id = principal.require_authenticated()
    async with uow:
        person = await _registered(uow, person_id)
        person.withdraw_consent(purpose, now)
        await uow.persons.save(person)
        await uow.commit()
    return person


async def _registered(uow: PeopleUnitOfWork, person_id: UUID) -> Person:
    person = await uow.persons.get(person_id)
    if person is None:
        raise NotFound("you are not registered yet")
    return person
