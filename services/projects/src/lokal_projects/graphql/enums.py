"""The domain's vocabularies as GraphQL enums (names prefixed: one subgraph owns each).

`strawberry.enum` marks the domain's own enum classes, so resolvers return domain values.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeAlias

import strawberry

from lokal_projects.domain import application, project, values

strawberry.enum(
    project.ProjectStatus,
    name="ProjectStatus",
    description="Lifecycle: DRAFT → SUBMITTED → PUBLISHED → STAFFED → RUNNING → COMPLETED; "
    "CANCELLED from any state before COMPLETED.",
)
strawberry.enum(values.Topic, name="ProjectTopic")
strawberry.enum(values.WorkMode, name="ProjectWorkMode")
strawberry.enum(
    values.MunicipalityKind,
    name="MunicipalityKind",
    description="Gemeinde, Stadt, Landkreis, Verwaltungsgemeinschaft or another public body.",
)
strawberry.enum(
    application.ApplicationStatus,
    name="MunicipalityApplicationStatus",
    description="SUBMITTED → IN_REVIEW → ACCEPTED | REJECTED; WITHDRAWN while open.",
)

ProjectStatus: TypeAlias = project.ProjectStatus
ProjectTopic: TypeAlias = values.Topic
ProjectWorkMode: TypeAlias = values.WorkMode
MunicipalityKind: TypeAlias = values.MunicipalityKind
MunicipalityApplicationStatus: TypeAlias = application.ApplicationStatus


@strawberry.enum(name="MunicipalityApplicationDecision")
class MunicipalityApplicationDecision(Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
