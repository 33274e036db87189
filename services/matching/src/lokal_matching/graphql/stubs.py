"""Other subgraphs' entities, with the fields matching adds to them."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet
from strawberry.scalars import JSON

from lokal_kit.graphql.fields import field
from lokal_matching.domain.placement import PlacementState
from lokal_matching.graphql.context import MatchingContext, parse_id
from lokal_matching.graphql.fit_types import Candidate, ProjectRecommendation, fit_of
from lokal_matching.graphql.placement_types import Placement, placement_of
from lokal_matching.graphql.proposal_types import TeamProposal, proposal_of
from lokal_matching.service import erasure, proposals
from lokal_matching.service.access import may_see_placement, require_self_or_programme

NOT_IN_TEAM = frozenset({PlacementState.DECLINED, PlacementState.WITHDRAWN})


@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class Competence:
    """People's competence catalogue entry (ESCO URI or catalogue id)."""

    id: strawberry.ID


@strawberry.federation.type(keys=["id"])
class Project:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Project:
        return cls(id=id)

    @field("Selected makers ranked by fit (programme team).")
    async def candidates(
        self,
        info: strawberry.Info[MatchingContext],
        first: int = 20,
        min_score: float = 0.0,
        include_near_misses: bool = False,
    ) -> list[Candidate]:
        found = await proposals.candidates(
            info.context.matching,
            info.context.principal,
            parse_id(self.id),
            first=first,
            min_score=min_score,
            include_near_misses=include_near_misses,
        )
        return [Candidate(fit=fit_of(c.fit), person_id=str(c.maker.person_id)) for c in found]

    @field("Placements of this project the caller may see, not declined or withdrawn.")
    async def team(self, info: strawberry.Info[MatchingContext]) -> list[Placement]:
        principal = info.context.principal
        principal.require_authenticated()
        found = await info.context.placements_of_project.load(parse_id(self.id))
        return [
            placement_of(p)
            for p in found
            if p.state not in NOT_IN_TEAM and may_see_placement(principal, p)
        ]

    @field("Team proposals for this project (programme team).")
    async def proposals(self, info: strawberry.Info[MatchingContext]) -> list[TeamProposal]:
        info.context.principal.require_programme()
        found = await info.context.proposals_of_project.load(parse_id(self.id))
        return [proposal_of(p) for p in found]


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return cls(id=id)

    @field("The person's placements that the caller may see.")
    async def placements(self, info: strawberry.Info[MatchingContext]) -> list[Placement]:
        principal = info.context.principal
        principal.require_authenticated()
        found = await info.context.placements_of_person.load(parse_id(self.id))
        return [placement_of(p) for p in found if may_see_placement(principal, p)]

    @field("Open projects ranked by fit (the maker or the programme team).")
    async def recommended_projects(
        self, info: strawberry.Info[MatchingContext], first: int = 10
    ) -> list[ProjectRecommendation]:
        found = await proposals.recommended_projects(
            info.context.matching, info.context.principal, parse_id(self.id), first=first
        )
        return [
            ProjectRecommendation(fit=fit_of(r.fit), project_id=str(r.project.project_id))
            for r in found
        ]


@strawberry.federation.type(keys=["personId"])
class PersonalDataExport:
    person_id: strawberry.ID

    @classmethod
    def resolve_reference(
        cls, info: strawberry.Info[MatchingContext], **representation: Any
    ) -> PersonalDataExport:
        person_id = str(representation.get("personId", ""))
        require_self_or_programme(info.context.principal, parse_id(person_id, "personId"))
        return cls(person_id=strawberry.ID(person_id))

    @field("Everything matching holds on the person.")
    async def matching(self, info: strawberry.Info[MatchingContext]) -> JSON:
        person: UUID = parse_id(self.person_id, "personId")
        document = await erasure.personal_data(
            info.context.matching, info.context.principal, person
        )
        return cast(JSON, document)
