"""The projects subgraph's schema."""

from __future__ import annotations

from strawberry.federation import Schema

from lokal_kit.graphql.schema import subgraph_schema
from lokal_kit.settings import ServiceSettings
from lokal_projects.graphql.mutations import Mutation
from lokal_projects.graphql.project import Project
from lokal_projects.graphql.queries import Query
from lokal_projects.graphql.references import Competence, Person, PersonalDataExport
from lokal_projects.graphql.types import Municipality


def build_schema(settings: ServiceSettings) -> Schema:
    return subgraph_schema(
        query=Query,
        mutation=Mutation,
        # entities reachable only through `_entities` must be named here
        types=[Municipality, Project, Person, Competence, PersonalDataExport],
        settings=settings,
    )
