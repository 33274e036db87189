"""`Person` (an entity of this subgraph), its profile, and `Municipality.staff`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from lokal_kit.graphql.fields import field
from lokal_people.domain import profile as domain_profile
from lokal_people.domain.persons import ConsentPurpose, PersonRole
from lokal_people.domain.persons import Person as PersonRecord
from lokal_people.domain.pipeline import MakerStage
from lokal_people.domain.profile import Background, Topic, Workload
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.competences import Competence
from lokal_people.graphql.context import PeopleInfo
from lokal_people.graphql.ids import uuid_of
from lokal_people.service.access import Access, access_to, needs_placements

if TYPE_CHECKING:
    from lokal_people.graphql.pipeline import MakerApplication


@strawberry.type(description="A competence a person brings, with level 1 (basic) to 4 (expert).")
class PersonCompetence:
    level: int
    years: int | None = strawberry.field(description="Years of using it.")
    evidence: str | None = strawberry.field(description="A sentence on how it was used.")
    competence: Competence


@strawberry.type
class ConsentRecord:
    purpose: ConsentPurpose
    privacy_notice_version: str
    given_at: datetime
    withdrawn_at: datetime | None


@strawberry.type
class MakerAvailability:
    earliest_start: date
    months: int
    workload: Workload


@strawberry.type(description="Where a maker would work; Länder and towns as AGS prefixes.")
class MakerRegionWishes:
    states: list[str]
    ags_prefixes: list[str]
    willing_to_relocate: bool


@strawberry.type
class MakerProfile:
    background: Background
    experience_years: int
    availability: MakerAvailability
    regions: MakerRegionWishes
    topics: list[Topic]
    links: list[str]


@strawberry.federation.type(keys=["id"], description="A Kommune (owned by projects).")
class Municipality:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Municipality:
        return cls(id=id)

    @field("Its Projektpat*innen and staff on the platform.")
    async def staff(self, info: PeopleInfo) -> list[Person]:
        ids = await info.context.loaders.staff.load(uuid_of(self.id, "id"))
        records = await info.context.loaders.persons.load_many(ids)
        return [Person.of(record) for record in records if record is not None]


@strawberry.federation.type(
    keys=["id"],
    description="A person of the platform. Personal fields are null unless you may see them: "
    "the person and the programme team see all; while a maker is placed, their "
    "Projektpat*in and their Kommune's staff see name, competences and work e-mail; "
    "colleagues of the same Kommune see each other the same way.",
)
class Person:
    id: strawberry.ID
    record: strawberry.Private[PersonRecord | None] = None
    granted: strawberry.Private[Access | None] = None

    @classmethod
    def of(cls, record: PersonRecord) -> Person:
        return cls(id=strawberry.ID(str(record.id)), record=record)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        """Only the id; fields load through the batched loaders and check access."""
        uuid_of(id, "id")
        return cls(id=id)

    async def _visible(self, info: PeopleInfo, needed: Access) -> PersonRecord | None:
        if self.granted is None:
            if self.record is None:
                self.record = await info.context.loaders.persons.load(uuid_of(self.id, "id"))
            if self.record is None:
                self.granted = Access.NONE
            else:
                principal, person_id = info.context.principal, self.record.id
                placements = (
                    await info.context.loaders.placements.load(person_id)
                    if needs_placements(principal, person_id)
                    else []
                )
                self.granted = access_to(principal, self.record, placements)
        return self.record if self.granted >= needed else None

    @strawberry.field
    async def name(self, info: PeopleInfo) -> str | None:
        record = await self._visible(info, Access.WORK)
        return record.name if record else None

    @field("The person's own address: only they and the programme team.")
    async def email(self, info: PeopleInfo) -> str | None:
        record = await self._visible(info, Access.FULL)
        return record.email if record else None

    @field("The address to reach them at work.")
    async def work_email(self, info: PeopleInfo) -> str | None:
        record = await self._visible(info, Access.WORK)
        return record.work_contact if record else None

    @strawberry.field
    async def phone(self, info: PeopleInfo) -> str | None:
        record = await self._visible(info, Access.FULL)
        return record.phone if record else None

    @strawberry.field
    async def preferred_language(self, info: PeopleInfo) -> str | None:
        record = await self._visible(info, Access.FULL)
        return record.preferred_language if record else None

    @strawberry.field
    async def registered_at(self, info: PeopleInfo) -> datetime | None:
        record = await self._visible(info, Access.FULL)
        return record.created_at if record else None

    @strawberry.field
    async def roles(self, info: PeopleInfo) -> list[PersonRole] | None:
        record = await self._visible(info, Access.WORK)
        return sorted(record.roles) if record else None

    @field("The Kommunen a Projektpat*in or staff member works for.")
    async def municipalities(self, info: PeopleInfo) -> list[Municipality] | None:
        record = await self._visible(info, Access.WORK)
        if record is None:
            return None
        return [Municipality(id=strawberry.ID(str(m))) for m in sorted(record.municipality_ids)]

    @strawberry.field
    async def competences(self, info: PeopleInfo) -> list[PersonCompetence] | None:
        record = await self._visible(info, Access.WORK)
        if record is None:
            return None
        held = record.profile.competences if record.profile else ()
        # loaded with the list, not per item: one awaited resolver per competence cost more
        # than the look-up, which is batched either way
        found = await info.context.loaders.competences.load_many([c.competence_id for c in held])
        listed = []
        for c, competence in zip(held, found, strict=True):
            assert competence is not None, "profiles only hold catalogue competences"
            listed.append(
                PersonCompetence(
                    level=c.level,
                    years=c.years,
                    evidence=c.evidence,
                    competence=Competence.of(competence),
                )
            )
        return listed

    @strawberry.field
    async def consents(self, info: PeopleInfo) -> list[ConsentRecord] | None:
        record = await self._visible(info, Access.FULL)
        if record is None:
            return None
        return [
            ConsentRecord(
                purpose=c.purpose,
                privacy_notice_version=c.privacy_notice_version,
                given_at=c.given_at,
                withdrawn_at=c.withdrawn_at,
            )
            for c in record.consents
        ]

    @strawberry.field
    async def maker_profile(self, info: PeopleInfo) -> MakerProfile | None:
        record = await self._visible(info, Access.FULL)
        if record is None or record.profile is None:
            return None
        return profile_of(record.profile)

    @strawberry.field
    async def application(
        self, info: PeopleInfo
    ) -> Annotated[MakerApplication, strawberry.lazy("lokal_people.graphql.pipeline")] | None:
        from lokal_people.graphql.pipeline import MakerApplication  # that module imports this one

        record = await self._visible(info, Access.FULL)
        if record is None:
            return None
        found = await info.context.loaders.applications.load(record.id)
        return MakerApplication.of(found) if found else None

    @field("Where the maker is in the pipeline.")
    async def stage(self, info: PeopleInfo) -> MakerStage | None:
        record = await self._visible(info, Access.FULL)
        if record is None:
            return None
        found = await info.context.loaders.applications.load(record.id)
        return found.stage if found else None


def profile_of(profile: domain_profile.MakerProfile) -> MakerProfile:
    availability, regions = profile.availability, profile.regions
    return MakerProfile(
        background=profile.background,
        experience_years=profile.experience_years,
        availability=MakerAvailability(
            earliest_start=availability.earliest_start,
            months=availability.months,
            workload=availability.workload,
        ),
        regions=MakerRegionWishes(
            states=list(regions.states),
            ags_prefixes=list(regions.ags_prefixes),
            willing_to_relocate=regions.willing_to_relocate,
        ),
        topics=list(profile.topics),
        links=list(profile.links),
    )


def person_ref(person_id: UUID | None) -> Person | None:
    """A reference to a person by id alone; its fields load (and are authorised) on demand."""
    return None if person_id is None else Person(id=strawberry.ID(str(person_id)))
