"""A maker's application as the programme team works on it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from lokal_kit.graphql.fields import field
from lokal_people.domain import pipeline as domain
from lokal_people.domain.pipeline import Criterion, MakerStage, Outcome
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.context import PeopleInfo
from lokal_people.graphql.persons import Person, person_ref


@strawberry.type
class MakerStageChange:
    stage: MakerStage
    at: datetime


@strawberry.type
class InterviewRating:
    criterion: Criterion
    score: int = strawberry.field(description="1 (weak) to 4 (strong).")
    note: str


@strawberry.type(description="One interviewer's assessment of a maker.")
class InterviewScorecard:
    id: strawberry.ID
    interviewer: Person | None = strawberry.field(description="Null once they were erased.")
    recorded_at: datetime
    ratings: list[InterviewRating]
    total: int


@strawberry.type
class SelectionDecision:
    outcome: Outcome
    decided_by: Person | None
    reason: str
    decided_at: datetime


@strawberry.type
class MakerApplication:
    id: strawberry.ID
    stage: MakerStage
    submitted_at: datetime
    history: list[MakerStageChange]
    record: strawberry.Private[domain.MakerApplication]

    @classmethod
    def of(cls, application: domain.MakerApplication) -> MakerApplication:
        return cls(
            id=strawberry.ID(str(application.id)),
            stage=application.stage,
            submitted_at=application.submitted_at,
            history=[MakerStageChange(stage=h.stage, at=h.at) for h in application.history],
            record=application,
        )

    @strawberry.field
    def person(self) -> Person:
        return Person(id=strawberry.ID(str(self.record.person_id)))

    @field("Interview scorecards: for the programme team only.")
    def scorecards(self, info: PeopleInfo) -> list[InterviewScorecard] | None:
        if not info.context.principal.is_programme:
            return None
        return [
            InterviewScorecard(
                id=strawberry.ID(str(card.id)),
                interviewer=person_ref(card.interviewer_id),
                recorded_at=card.recorded_at,
                ratings=[
                    InterviewRating(criterion=r.criterion, score=r.score, note=r.note)
                    for r in card.ratings
                ],
                total=card.total,
            )
            for card in self.record.scorecards
        ]

    @field("Who decided and why: for the programme team only.")
    def decision(self, info: PeopleInfo) -> SelectionDecision | None:
        decision = self.record.decision
        if decision is None or not info.context.principal.is_programme:
            return None
        return SelectionDecision(
            outcome=decision.outcome,
            decided_by=person_ref(decision.decided_by),
            reason=decision.reason,
            decided_at=decision.decided_at,
        )
