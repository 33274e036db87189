"""Maker applications with their stage history, scorecards and decision."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, literal, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.errors import Conflict
from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_people.adapters import tables as t
from lokal_people.adapters.sql import timestamp_cursor
from lokal_people.domain.pipeline import (
    Criterion,
    Decision,
    MakerApplication,
    MakerStage,
    Outcome,
    Rating,
    Scorecard,
    StageChange,
)

_A = t.maker_applications.c


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._loaded: dict[UUID, int] = {}

    async def get(self, application_id: UUID) -> MakerApplication | None:
        found = await self._load(_A.id.in_([application_id]))
        return found[0] if found else None

    async def for_person(self, person_id: UUID) -> MakerApplication | None:
        return (await self.for_persons([person_id])).get(person_id)

    async def for_persons(self, person_ids: Iterable[UUID]) -> dict[UUID, MakerApplication]:
        return {a.person_id: a for a in await self._load(one_of(_A.person_id, list(person_ids)))}

    async def page(self, stage: MakerStage | None, page: PageRequest) -> list[MakerApplication]:
        """Newest first."""
        query = select(_A.id)
        if stage is not None:
            query = query.where(_A.stage == stage.value)
        if page.after is not None:
            submitted, last = timestamp_cursor(page.after)
            query = query.where(
                tuple_(_A.submitted_at, _A.id)
                < tuple_(literal(submitted, _A.submitted_at.type), literal(last, _A.id.type))
            )
        query = query.order_by(_A.submitted_at.desc(), _A.id.desc()).limit(page.fetch)
        ids = list((await self._session.execute(query)).scalars())
        by_id = {a.id: a for a in await self._load(one_of(_A.id, ids))}
        return [by_id[i] for i in ids]

    async def add(self, application: MakerApplication) -> None:
        await self._session.execute(insert(t.maker_applications).values(_row(application)))
        await self._insert_children(application)

    async def save(self, application: MakerApplication) -> None:
        result: Any = await self._session.execute(
            update(t.maker_applications)
            .where(_A.id == application.id, _A.version == self._loaded[application.id])
            .values(_row(application))
        )
        if result.rowcount != 1:
            raise Conflict("the application was changed at the same time; try again")
        self._loaded[application.id] = application.version
        for table in (t.stage_changes, t.scorecards):
            await self._session.execute(
                delete(table).where(table.c.application_id == application.id)
            )
        await self._insert_children(application)

    async def forget_person(self, person_id: UUID) -> None:
        """The person's application goes; scorecards and decisions they authored lose the name."""
        await self._session.execute(delete(t.maker_applications).where(_A.person_id == person_id))
        await self._session.execute(
            update(t.scorecards)
            .where(t.scorecards.c.interviewer_id == person_id)
            .values(interviewer_id=None)
        )
        await self._session.execute(
            update(t.maker_applications).where(_A.decided_by == person_id).values(decided_by=None)
        )
        await self._session.execute(
            update(t.stage_changes)
            .where(t.stage_changes.c.changed_by == person_id)
            .values(changed_by=None)
        )

    async def _load(self, condition: Any) -> list[MakerApplication]:
        """The applications with their stage changes (a row per change) in one statement, then
        their scorecards."""
        changes = t.stage_changes.c
        query = (
            select(
                t.maker_applications,
                changes.stage.label("change_stage"),
                changes.changed_at.label("change_at"),
                changes.changed_by.label("change_by"),
            )
            .outerjoin(t.stage_changes, changes.application_id == _A.id)
            .where(condition)
            .order_by(changes.id)
        )
        rows: dict[UUID, Any] = {}
        history: dict[UUID, list[StageChange]] = defaultdict(list)
        for row in (await self._session.execute(query)).all():
            rows.setdefault(row.id, row)
            if row.change_stage is not None:
                history[row.id].append(
                    StageChange(MakerStage(row.change_stage), row.change_at, row.change_by)
                )
        if not rows:
            return []
        cards = await self._scorecards(list(rows))
        loaded = [_application(row, history[i], cards[i]) for i, row in rows.items()]
        self._loaded.update({a.id: a.version for a in loaded})
        return loaded

    async def _scorecards(self, ids: list[UUID]) -> dict[UUID, list[Scorecard]]:
        cards = (
            await self._session.execute(
                select(t.scorecards)
                .where(one_of(t.scorecards.c.application_id, ids))
                .order_by(t.scorecards.c.recorded_at, t.scorecards.c.id)
            )
        ).all()
        if not cards:  # no statement for the ratings of no scorecard
            return defaultdict(list)
        ratings: dict[UUID, list[Rating]] = defaultdict(list)
        query = select(t.scorecard_ratings).where(
            one_of(t.scorecard_ratings.c.scorecard_id, [c.id for c in cards])
        )
        for r in (await self._session.execute(query)).all():
            ratings[r.scorecard_id].append(Rating(Criterion(r.criterion), r.score, r.note))
        order = list(Criterion)
        grouped: dict[UUID, list[Scorecard]] = defaultdict(list)
        for c in cards:
            rated = tuple(sorted(ratings[c.id], key=lambda r: order.index(r.criterion)))
            grouped[c.application_id].append(
                Scorecard(c.id, c.interviewer_id, c.recorded_at, rated)
            )
        return grouped

    async def _insert_children(self, application: MakerApplication) -> None:
        if application.history:
            await self._session.execute(
                insert(t.stage_changes),
                [
                    {
                        "application_id": application.id,
                        "stage": change.stage.value,
                        "changed_at": change.at,
                        "changed_by": change.by,
                    }
                    for change in application.history
                ],
            )
        for card in application.scorecards:
            await self._session.execute(
                insert(t.scorecards).values(
                    id=card.id,
                    application_id=application.id,
                    interviewer_id=card.interviewer_id,
                    recorded_at=card.recorded_at,
                )
            )
            await self._session.execute(
                insert(t.scorecard_ratings),
                [
                    {
                        "scorecard_id": card.id,
                        "criterion": r.criterion.value,
                        "score": r.score,
                        "note": r.note,
                    }
                    for r in card.ratings
                ],
            )


def _row(application: MakerApplication) -> dict[str, Any]:
    decision = application.decision
    return {
        "id": application.id,
        "person_id": application.person_id,
        "stage": application.stage.value,
        "submitted_at": application.submitted_at,
        "version": application.version,
        "decision_outcome": decision.outcome.value if decision else None,
        "decided_by": decision.decided_by if decision else None,
        "decision_reason": decision.reason if decision else None,
        "decided_at": decision.decided_at if decision else None,
    }


def _application(row: Any, history: list[StageChange], cards: list[Scorecard]) -> MakerApplication:
    decision = None
    if row.decision_outcome is not None:
        decision = Decision(
            Outcome(row.decision_outcome), row.decided_by, row.decision_reason, row.decided_at
        )
    return MakerApplication(
        id=row.id,
        person_id=row.person_id,
        submitted_at=row.submitted_at,
        stage=MakerStage(row.stage),
        history=history,
        scorecards=cards,
        decision=decision,
        version=row.version,
    )
