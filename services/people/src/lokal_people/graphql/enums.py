"""The domain's enums as GraphQL enums, named so that no other subgraph claims them."""

from __future__ import annotations

import strawberry

from lokal_people.domain.competences import CompetenceType
from lokal_people.domain.persons import ConsentPurpose, PersonRole
from lokal_people.domain.pipeline import Criterion, MakerStage, Outcome
from lokal_people.domain.profile import Background, Topic, Workload

PersonRoleEnum = strawberry.enum(PersonRole, name="PersonRole")
MakerStageEnum = strawberry.enum(MakerStage, name="MakerStage")
ConsentPurposeEnum = strawberry.enum(ConsentPurpose, name="ConsentPurpose")
CompetenceTypeEnum = strawberry.enum(CompetenceType, name="CompetenceType")
BackgroundEnum = strawberry.enum(Background, name="MakerBackground")
TopicEnum = strawberry.enum(Topic, name="MakerTopic")
WorkloadEnum = strawberry.enum(Workload, name="MakerWorkload")
CriterionEnum = strawberry.enum(Criterion, name="InterviewCriterion")
OutcomeEnum = strawberry.enum(Outcome, name="SelectionOutcome")
