"""The people subgraph's mutations: each one use case of the service layer."""

from __future__ import annotations

import strawberry

from lokal_kit.graphql.fields import mutation
from lokal_people.domain.persons import ConsentPurpose, PersonRole
from lokal_people.domain.pipeline import Outcome
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.context import PeopleInfo
from lokal_people.graphql.ids import uuid_of
from lokal_people.graphql.inputs import (
    ApplyAsMakerInput,
    InterviewRatingInput,
    MakerProfileInput,
    PersonDetailsInput,
    RegisterPersonInput,
    ratings_of,
)
from lokal_people.graphql.persons import Person
from lokal_people.graphql.pipeline import MakerApplication
from lokal_people.graphql.privacy import ErasureRequest
from lokal_people.service import erasure, pipeline, profiles, registration


@strawberry.type
class Mutation:
    @mutation("The signed-in person applies to the talent pool.")
    async def apply_as_maker(self, info: PeopleInfo, input: ApplyAsMakerInput) -> Person:
        command = input.command()
        person, _ = await registration.apply_as_maker(
            info.context.uow(), info.context.principal, command, info.context.now
        )
        return Person.of(person)

    @mutation("Programme staff, Projektpat*innen, municipality staff.")
    async def register_person(self, info: PeopleInfo, input: RegisterPersonInput) -> Person:
        person = await registration.register_person(
            info.context.uow(), info.context.principal, input.command(), info.context.now
        )
        return Person.of(person)

    @strawberry.mutation
    async def set_person_roles(
        self,
        info: PeopleInfo,
        person_id: strawberry.ID,
        roles: list[PersonRole],
        municipality_ids: list[strawberry.ID],
    ) -> Person:
        person = await registration.set_roles(
            info.context.uow(),
            info.context.principal,
            uuid_of(person_id, "personId"),
            frozenset(roles),
            frozenset(uuid_of(m, "municipalityIds") for m in municipality_ids),
        )
        return Person.of(person)

    @mutation("Name, contact data and language of the signed-in person.")
    async def update_my_details(self, info: PeopleInfo, input: PersonDetailsInput) -> Person:
        person = await profiles.update_my_details(
            info.context.uow(), info.context.principal, input.details()
        )
        return Person.of(person)

    @mutation("The signed-in maker's profile.")
    async def update_my_maker_profile(self, info: PeopleInfo, input: MakerProfileInput) -> Person:
        person = await profiles.update_my_profile(
            info.context.uow(), info.context.principal, input.change()
        )
        return Person.of(person)

    @strawberry.mutation
    async def give_consent(
        self, info: PeopleInfo, purpose: ConsentPurpose, privacy_notice_version: str
    ) -> Person:
        person = await profiles.give_consent(
            info.context.uow(),
            info.context.principal,
            purpose,
            privacy_notice_version,
            info.context.now,
        )
        return Person.of(person)

    @strawberry.mutation
    async def withdraw_consent(self, info: PeopleInfo, purpose: ConsentPurpose) -> Person:
        person = await profiles.withdraw_consent(
            info.context.uow(), info.context.principal, purpose, info.context.now
        )
        return Person.of(person)

    @strawberry.mutation
    async def start_screening(
        self, info: PeopleInfo, application_id: strawberry.ID
    ) -> MakerApplication:
        return MakerApplication.of(
            await pipeline.start_screening(
                info.context.uow(),
                info.context.principal,
                uuid_of(application_id, "applicationId"),
                info.context.now,
            )
        )

    @strawberry.mutation
    async def invite_to_interview(
        self, info: PeopleInfo, application_id: strawberry.ID
    ) -> MakerApplication:
        return MakerApplication.of(
            await pipeline.invite_to_interview(
                info.context.uow(),
                info.context.principal,
                uuid_of(application_id, "applicationId"),
                info.context.now,
            )
        )

    @mutation("The signed-in interviewer's scorecard; again replaces it.")
    async def record_scorecard(
        self,
        info: PeopleInfo,
        application_id: strawberry.ID,
        ratings: list[InterviewRatingInput],
    ) -> MakerApplication:
        return MakerApplication.of(
            await pipeline.record_scorecard(
                info.context.uow(),
                info.context.principal,
                uuid_of(application_id, "applicationId"),
                ratings_of(ratings),
                info.context.now,
            )
        )

    @mutation("Select into the talent pool or reject, with the reason.")
    async def decide_on_application(
        self,
        info: PeopleInfo,
        application_id: strawberry.ID,
        outcome: Outcome,
        reason: str,
    ) -> MakerApplication:
        return MakerApplication.of(
            await pipeline.decide(
                info.context.uow(),
                info.context.principal,
                uuid_of(application_id, "applicationId"),
                outcome,
                reason,
                info.context.now,
            )
        )

    @mutation("The maker (or the programme team) withdraws.")
    async def withdraw_application(
        self, info: PeopleInfo, application_id: strawberry.ID
    ) -> MakerApplication:
        return MakerApplication.of(
            await pipeline.withdraw(
                info.context.uow(),
                info.context.principal,
                uuid_of(application_id, "applicationId"),
                info.context.now,
            )
        )

    @mutation("Erase a person (themself or the programme team); the others follow.")
    async def erase_person(self, info: PeopleInfo, person_id: strawberry.ID) -> ErasureRequest:
        found = await erasure.erase_person(
            info.context.uow(),
            info.context.principal,
            uuid_of(person_id, "personId"),
            info.context.settings.erasure_participants,
            info.context.now,
        )
        return ErasureRequest.of(found)
