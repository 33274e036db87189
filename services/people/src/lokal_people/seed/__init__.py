"""Demo data for the embedded mode, loaded through the use cases so that events flow.

Idempotent: a person who exists (or was erased) is left alone, and the catalogue
is only loaded into an empty database.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth import Principal
from lokal_kit.auth.principal import Role
from lokal_kit.sqltypes import utcnow
from lokal_people.catalogue import default_competences, default_roles
from lokal_people.domain.persons import PersonRole
from lokal_people.domain.pipeline import Criterion, MakerStage, Outcome, Rating
from lokal_people.domain.profile import Availability, ProfileCompetence, RegionWishes
from lokal_people.seed.makers import MAKERS
from lokal_people.seed.model import DemoMaker
from lokal_people.service import catalogue, pipeline, registration
from lokal_people.service.commands import ApplyAsMaker, PersonDetails, ProfileChange, RegisterPerson
from lokal_people.service.unit_of_work import PeopleUnitOfWork

PRIVACY_NOTICE = "2026-09"

# (slug, name) of the programme team
PROGRAMME = (("programme-lena", "Lena Brandt"), ("programme-jonas", "Jonas Albrecht"))
MENTORS = {
    "eschwege": "Sabine Koch",
    "goerlitz": "Thomas Richter",
    "hof": "Birgit Huber",
    "cottbus": "Marko Lehmann",
    "flensburg": "Inga Jensen",
    "halle": "Steffen Wolf",
}
STAFF = {
    "eschwege": "Uwe Becker",
    "goerlitz": "Franziska Weber",
    "hof": "Michael Schmid",
    "cottbus": "Julia Krause",
    "flensburg": "Henrik Thomsen",
    "halle": "Claudia Schulz",
}

UowFactory = Callable[[], PeopleUnitOfWork]


async def seed_demo(uow_factory: UowFactory) -> None:
    await _catalogue(uow_factory)
    lena = demo_id("person", "programme-lena")
    team = Principal(person_id=lena, roles=frozenset({Role.PROGRAMME}))
    for slug, name in PROGRAMME:
        await _register(uow_factory, team, slug, name, frozenset({PersonRole.PROGRAMME}), None)
    for municipality in MUNICIPALITIES:
        for slug, names, role in (
            (f"mentor-{municipality}", MENTORS, PersonRole.MENTOR),
            (f"staff-{municipality}", STAFF, PersonRole.MUNICIPALITY_STAFF),
        ):
            await _register(
                uow_factory, team, slug, names[municipality], frozenset({role}), municipality
            )
    for maker in MAKERS:
        await _maker(uow_factory, team, maker)


async def _catalogue(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        empty = await uow.catalogue.count() == 0
    if empty:
        await catalogue.put_competences(uow_factory(), default_competences())
        await catalogue.put_roles(uow_factory(), default_roles())


async def _known(uow_factory: UowFactory, person_id: UUID) -> bool:
    async with uow_factory() as uow:
        if await uow.persons.get(person_id) is not None:
            return True
        return bool(await uow.erasures.for_person(person_id))


async def _register(
    uow_factory: UowFactory,
    team: Principal,
    slug: str,
    name: str,
    roles: frozenset[PersonRole],
    municipality: str | None,
) -> None:
    person_id = demo_id("person", slug)
    if await _known(uow_factory, person_id):
        return
    email = f"{slug}@example.org"
    command = RegisterPerson(
        details=PersonDetails(name=name, email=email, preferred_language="de"),
        roles=roles,
        municipality_ids=frozenset({demo_id("municipality", municipality)})
        if municipality
        else frozenset(),
        id=person_id,
    )
    await registration.register_person(uow_factory(), team, command, utcnow())


async def _maker(uow_factory: UowFactory, team: Principal, maker: DemoMaker) -> None:
    person_id = demo_id("person", maker.slug)
    if await _known(uow_factory, person_id):
        return
    me = Principal(person_id=person_id, roles=frozenset({Role.MAKER}))
    command = ApplyAsMaker(
        details=PersonDetails(name=maker.name, email=maker.email, preferred_language="de"),
        profile=ProfileChange(
            competences=tuple(
                ProfileCompetence(uri, level, years, evidence)
                for uri, level, years, evidence in maker.skills
            ),
            background=maker.background,
            experience_years=maker.experience_years,
            availability=Availability(maker.start, maker.months, maker.workload),
            regions=RegionWishes(maker.states, maker.ags_prefixes, maker.relocate),
            topics=maker.topics,
            links=(f"https://portfolio.example.org/{maker.slug}",),
        ),
        privacy_notice_version=PRIVACY_NOTICE,
        alumni_network=True,
    )
    _, application = await registration.apply_as_maker(uow_factory(), me, command, utcnow())
    await _advance(uow_factory, team, me, application.id, maker)


async def _advance(
    uow_factory: UowFactory, team: Principal, me: Principal, application_id: UUID, maker: DemoMaker
) -> None:
    """Take the application as far as the demo wants it, as the programme team would."""
    target = maker.stage
    if target is MakerStage.APPLIED:
        return
    if target is MakerStage.WITHDRAWN:
        await pipeline.withdraw(uow_factory(), me, application_id, utcnow())
        return
    await pipeline.start_screening(uow_factory(), team, application_id, utcnow())
    if target is MakerStage.REJECTED:
        reason = "Too little experience yet for a placement of this kind."
        await pipeline.decide(
            uow_factory(), team, application_id, Outcome.REJECTED, reason, utcnow()
        )
        return
    if target is MakerStage.SCREENING:
        return
    await pipeline.invite_to_interview(uow_factory(), team, application_id, utcnow())
    strong = min(4, 2 + maker.experience_years // 5)
    ratings = [
        Rating(criterion, strong if criterion is not Criterion.DOMAIN_FIT else 3, "")
        for criterion in Criterion
    ]
    await pipeline.record_scorecard(uow_factory(), team, application_id, ratings, utcnow())
    if target is MakerStage.SELECTED:
        reason = "Convincing interview; the profile fits the projects of the coming round."
        await pipeline.decide(
            uow_factory(), team, application_id, Outcome.SELECTED, reason, utcnow()
        )
