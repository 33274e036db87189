"""The learning subgraph's schema."""

from __future__ import annotations

from strawberry.federation import Schema

from lokal_kit.graphql.schema import subgraph_schema
from lokal_learning.graphql.enrollment_types import Enrollment
from lokal_learning.graphql.federation import Person, PersonalDataExport, Placement
from lokal_learning.graphql.mutations import Mutation
from lokal_learning.graphql.queries import Query
from lokal_learning.graphql.types import Cohort, Session
from lokal_learning.settings import LearningSettings


def learning_schema(settings: LearningSettings) -> Schema:
    return subgraph_schema(
        query=Query,
        mutation=Mutation,
        types=[Cohort, Session, Enrollment, Person, Placement, PersonalDataExport],
        settings=settings,
    )
