"""What the service holds per person beyond enrolments: calendar tokens, erasure's traces."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.sqlfilters import one_of
from lokal_learning.adapters.rows import dialect_insert
from lokal_learning.adapters.tables import (
    anonymous_counts,
    attendances,
    calendar_tokens,
    check_ins,
    coaches,
    enrollments,
    participations,
    sessions,
)


class Persons:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def store_calendar_token(
        self, person_id: UUID, token_hash: str, *, programme_access: bool, now: datetime
    ) -> None:
        await self._session.execute(
            delete(calendar_tokens).where(calendar_tokens.c.person_id == person_id)
        )
        await self._session.execute(
            calendar_tokens.insert().values(
                person_id=person_id,
                token_hash=token_hash,
                programme_access=programme_access,
                issued_at=now,
            )
        )

    async def calendar_holder(self, token_hash: str) -> tuple[UUID, bool] | None:
        """The person a calendar token belongs to, and whether it sees every cohort."""
        row = (
            await self._session.execute(
                select(calendar_tokens.c.person_id, calendar_tokens.c.programme_access).where(
                    calendar_tokens.c.token_hash == token_hash
                )
            )
        ).first()
        return None if row is None else (row.person_id, row.programme_access)

    async def has_calendar_token(self, person_id: UUID) -> bool:
        found = await self._session.scalar(
            select(calendar_tokens.c.person_id).where(calendar_tokens.c.person_id == person_id)
        )
        return found is not None

    async def add_anonymous(self, counts: Counter[tuple[UUID, str]]) -> None:
        for (scope_id, metric), count in sorted(
            counts.items(), key=lambda i: (str(i[0][0]), i[0][1])
        ):
            insert = dialect_insert(self._session, anonymous_counts).values(
                scope_id=scope_id, metric=metric, total=count
            )
            await self._session.execute(
                insert.on_conflict_do_update(
                    index_elements=[anonymous_counts.c.scope_id, anonymous_counts.c.metric],
                    set_={"total": anonymous_counts.c.total + insert.excluded.total},
                )
            )

    async def anonymous(self, scope_ids: list[UUID]) -> dict[UUID, dict[str, int]]:
        rows = await self._session.execute(
            select(anonymous_counts).where(one_of(anonymous_counts.c.scope_id, scope_ids))
        )
        found: dict[UUID, dict[str, int]] = {i: {} for i in scope_ids}
        for row in rows.all():
            found[row.scope_id][row.metric] = row.total
        return found

    async def one_to_one_sessions(self, person_id: UUID) -> list[UUID]:
        """Coaching appointments the person takes part in, as coach or as maker."""
        mine = select(participations.c.session_id).where(participations.c.person_id == person_id)
        rows = await self._session.execute(
            select(sessions.c.id).where(
                sessions.c.one_to_one,
                or_(sessions.c.facilitator_id == person_id, sessions.c.id.in_(mine)),
            )
        )
        return list(rows.scalars())

    async def delete_sessions(self, session_ids: list[UUID]) -> None:
        await self._session.execute(delete(sessions).where(one_of(sessions.c.id, session_ids)))

    async def attendance_to_forget(self, person_id: UUID) -> list[tuple[UUID, str]]:
        rows = await self._session.execute(
            select(attendances.c.session_id, attendances.c.status).where(
                attendances.c.person_id == person_id
            )
        )
        return [(row.session_id, row.status) for row in rows.all()]

    async def forget(self, person_id: UUID) -> None:
        """Delete the rows about the person and clear the references to them."""
        session = self._session
        await session.execute(delete(attendances).where(attendances.c.person_id == person_id))
        await session.execute(delete(participations).where(participations.c.person_id == person_id))
        await session.execute(
            delete(check_ins).where(
                or_(
                    check_ins.c.maker_id == person_id,
                    check_ins.c.mentor_id == person_id,
                    check_ins.c.author_id == person_id,
                )
            )
        )
        await session.execute(delete(enrollments).where(enrollments.c.person_id == person_id))
        await session.execute(
            update(attendances)
            .where(attendances.c.recorded_by == person_id)
            .values(recorded_by=None)
        )
        await session.execute(
            update(sessions)
            .where(sessions.c.facilitator_id == person_id)
            .values(facilitator_id=None)
        )
        await session.execute(delete(coaches).where(coaches.c.person_id == person_id))
        await session.execute(
            delete(calendar_tokens).where(calendar_tokens.c.person_id == person_id)
        )
