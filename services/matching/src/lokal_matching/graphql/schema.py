"""The subgraph schema."""

from __future__ import annotations

from strawberry.federation import Schema

from lokal_kit.graphql.schema import subgraph_schema
from lokal_matching.graphql.mutations import Mutation
from lokal_matching.graphql.placement_types import Placement
from lokal_matching.graphql.proposal_types import MatchingRun, TeamProposal
from lokal_matching.graphql.queries import Query
from lokal_matching.graphql.stubs import Competence, Person, PersonalDataExport, Project
from lokal_matching.settings import MatchingSettings


def matching_schema(settings: MatchingSettings) -> Schema:
    return subgraph_schema(
        query=Query,
        mutation=Mutation,
        types=[
            Placement,
            TeamProposal,
            MatchingRun,
            Project,
            Person,
            Competence,
            PersonalDataExport,
        ],
        settings=settings,
    )
