"""Becoming a person of the platform: makers apply themselves, the programme team adds staff."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from lokal_kit.auth import Principal
from lokal_kit.errors import Conflict, InvalidInput, NotFound
from lokal_people.domain import contact
from lokal_people.domain.fields import within
from lokal_people.domain.persons import (
    Consent,
    ConsentPurpose,
    Person,
    PersonRole,
    notice_version,
)
from lokal_people.domain.pipeline import MakerApplication
from lokal_people.domain.profile import MakerProfile, RegionWishes
from lokal_people.service import events
from lokal_people.service.commands import (
    ApplyAsMaker,
    PersonDetails,
    ProfileChange,
    RegisterPerson,
)
from lokal_people.service.profiles import (
    check_competences_known,
    check_email_free,
    contact_fields,
)
from lokal_people.service.unit_of_work import PeopleUnitOfWork


async def apply_as_maker(
    uow: PeopleUnitOfWork, principal: Principal, command: ApplyAsMaker, now: datetime
) -> tuple[Person, MakerApplication]:
    """The signed-in person (the token's subject) applies to the talent pool."""
    person_id = principal.require_authenticated()
    with within("profile"):
        profile = _profile(command.profile)
    async with uow:
        if await uow.persons.get(person_id) is not None:
            raise Conflict("you are registered already")
        maker = frozenset({PersonRole.MAKER})
        person = await _new_person(
            uow, person_id, command.details, maker, frozenset(), now, profile
        )
        await check_competences_known(uow, profile.competences, "profile.competences")
        purposes = [ConsentPurpose.PROGRAMME_PARTICIPATION, ConsentPurpose.TALENT_POOL]
        if command.alumni_network:
            purposes.append(ConsentPurpose.ALUMNI_NETWORK)
        person.consents = [
            Consent(purpose, notice_version(command.privacy_notice_version), now)
            for purpose in purposes
        ]
        application = MakerApplication.submit(uuid4(), person_id, now)
        await uow.persons.add(person)
        await uow.applications.add(application)
        uow.publish(events.person_registered(person))
        uow.publish(events.stage_changed(application))
        await uow.commit()
    return person, application


async def register_person(
    uow: PeopleUnitOfWork, principal: Principal, command: RegisterPerson, now: datetime
) -> Person:
    """The programme team adds programme staff, Projektpat*innen and municipality staff."""
    principal.require_programme()
    if PersonRole.MAKER in command.roles:
        raise InvalidInput("makers apply themselves (applyAsMaker)", field="roles")
    person_id = command.id or uuid4()
    async with uow:
        if await uow.persons.get(person_id) is not None:
            raise Conflict(f"person {person_id} exists already", field="id")
        person = await _new_person(
            uow, person_id, command.details, command.roles, command.municipality_ids, now, None
        )
        await uow.persons.add(person)
        uow.publish(events.person_registered(person))
        await uow.commit()
    return person


async def set_roles(
    uow: PeopleUnitOfWork,
    principal: Principal,
    person_id: UUID,
    roles: frozenset[PersonRole],
    municipality_ids: frozenset[UUID],
) -> Person:
    principal.require_programme()
    async with uow:
        person = await uow.persons.get(person_id)
        if person is None:
            raise NotFound(f"no person {person_id}")
        person.set_roles(roles, municipality_ids)
        await uow.persons.save(person)
        await uow.commit()
    return person


async def _new_person(
    uow: PeopleUnitOfWork,
    person_id: UUID,
    details: PersonDetails,
    roles: frozenset[PersonRole],
    municipality_ids: frozenset[UUID],
    now: datetime,
    profile: MakerProfile | None,
) -> Person:
    if details.name is None or details.email is None:
        missing = "name" if details.name is None else "email"
        raise InvalidInput(f"{missing} is needed", field=missing)
    fields = contact_fields(details)
    name, email = contact.person_name(details.name), contact.email_address(details.email)
    await check_email_free(uow, email, person_id)
    return Person(
        id=person_id,
        roles=roles,
        municipality_ids=municipality_ids,
        created_at=now,
        profile=profile,
        name=name,
        email=email,
        phone=fields.get("phone"),
        work_email=fields.get("work_email"),
        preferred_language=fields.get("preferred_language") or "de",
    )


def _profile(wanted: ProfileChange) -> MakerProfile:
    if wanted.background is None or wanted.experience_years is None or wanted.availability is None:
        raise InvalidInput("background, experienceYears and availability are needed to apply")
    return MakerProfile(
        background=wanted.background,
        experience_years=wanted.experience_years,
        availability=wanted.availability,
        regions=wanted.regions or RegionWishes(),
        competences=wanted.competences or (),
        topics=wanted.topics or (),
        links=wanted.links or (),
    )
