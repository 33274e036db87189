"""Sessions, the seats in them (enrolled or waitlisted) and attendance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_learning.adapters.paging import paged
from lokal_learning.adapters.rows import (
    participation_from_row,
    session_from_row,
    session_values,
)
from lokal_learning.adapters.tables import attendances, participations, sessions
from lokal_learning.domain.kinds import AttendanceStatus, ParticipationStatus
from lokal_learning.domain.sessions import Participation, Session


class Sessions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, added: Sequence[Session], now: datetime) -> None:
        if added:
            await self._session.execute(
                sessions.insert(),
                [
                    {"id": s.id, **session_values(s), "next_position": 1, "updated_at": now}
                    for s in added
                ],
            )

    async def save(self, changed: Session, now: datetime) -> None:
        await self._session.execute(
            update(sessions)
            .where(sessions.c.id == changed.id)
            .values(**session_values(changed), updated_at=now)
        )

    async def get(self, session_id: UUID, *, lock: bool = False) -> Session | None:
        statement = select(sessions).where(sessions.c.id == session_id)
        if lock:
            # the seat count of a session is decided under this row lock
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else session_from_row(row)

    async def lock_all(self, ids: Sequence[UUID]) -> list[Session]:
        """Row locks in id order, so that two transactions never wait on each other in a ring."""
        statement = (
            select(sessions)
            .where(one_of(sessions.c.id, ids))
            .order_by(sessions.c.id)
            .with_for_update()
        )
        return [session_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def by_ids(self, ids: Sequence[UUID]) -> dict[UUID, Session]:
        rows = (
            await self._session.execute(select(sessions).where(one_of(sessions.c.id, ids)))
        ).all()
        return {row.id: session_from_row(row) for row in rows}

    async def updated_at(self, ids: Sequence[UUID]) -> dict[UUID, datetime]:
        rows = await self._session.execute(
            select(sessions.c.id, sessions.c.updated_at).where(one_of(sessions.c.id, ids))
        )
        return {row.id: row.updated_at for row in rows}

    async def of_cohort(self, cohort_id: UUID, page: PageRequest) -> list[Session]:
        statement = paged(
            select(sessions).where(sessions.c.cohort_id == cohort_id, ~sessions.c.one_to_one),
            page,
            sessions.c.starts_at,
            sessions.c.id,
            datetime.fromisoformat,
        )
        return [session_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def all_of_cohort(self, cohort_id: UUID) -> list[Session]:
        statement = (
            select(sessions)
            .where(sessions.c.cohort_id == cohort_id, ~sessions.c.one_to_one)
            .order_by(sessions.c.starts_at, sessions.c.id)
        )
        return [session_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def mandatory_upcoming(self, cohort_id: UUID, now: datetime) -> list[Session]:
        statement = select(sessions).where(
            sessions.c.cohort_id == cohort_id,
            sessions.c.mandatory,
            sessions.c.starts_at > now,
            sessions.c.status != "cancelled",
        )
        return [session_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def of_person(self, person_id: UUID) -> list[tuple[Session, ParticipationStatus | None]]:
        """What belongs in a person's calendar: their seats, and what they facilitate."""
        statement = (
            select(sessions, participations.c.status.label("seat"))
            .outerjoin(
                participations,
                (participations.c.session_id == sessions.c.id)
                & (participations.c.person_id == person_id),
            )
            .where(or_(participations.c.id.is_not(None), sessions.c.facilitator_id == person_id))
            .order_by(sessions.c.starts_at, sessions.c.id)
        )
        rows = (await self._session.execute(statement)).all()
        return [
            (session_from_row(row), None if row.seat is None else ParticipationStatus(row.seat))
            for row in rows
        ]

    async def take_position(self, session_id: UUID) -> int:
        """The next place in the session's queue; call it holding the session's row lock."""
        position = await self._session.scalar(
            select(sessions.c.next_position).where(sessions.c.id == session_id)
        )
        await self._session.execute(
            update(sessions)
            .where(sessions.c.id == session_id)
            .values(next_position=sessions.c.next_position + 1)
        )
        return int(position or 1)

    async def seats(self, session_id: UUID) -> list[Participation]:
        statement = (
            select(participations)
            .where(participations.c.session_id == session_id)
            .order_by(participations.c.position)
        )
        return [participation_from_row(r) for r in (await self._session.execute(statement)).all()]

    async def seats_of(self, session_ids: Sequence[UUID]) -> dict[UUID, list[Participation]]:
        statement = (
            select(participations)
            .where(one_of(participations.c.session_id, session_ids))
            .order_by(participations.c.position)
        )
        found: dict[UUID, list[Participation]] = {i: [] for i in session_ids}
        for row in (await self._session.execute(statement)).all():
            found[row.session_id].append(participation_from_row(row))
        return found

    async def seat_counts(self, session_ids: Sequence[UUID]) -> dict[UUID, dict[str, int]]:
        statement = (
            select(participations.c.session_id, participations.c.status, func.count())
            .where(one_of(participations.c.session_id, session_ids))
            .group_by(participations.c.session_id, participations.c.status)
        )
        counts: dict[UUID, dict[str, int]] = {i: {} for i in session_ids}
        for session_id, status, count in (await self._session.execute(statement)).all():
            counts[session_id][status] = count
        return counts

    async def seats_of_person(
        self, person_id: UUID, session_ids: Sequence[UUID]
    ) -> dict[UUID, Participation]:
        statement = select(participations).where(
            participations.c.person_id == person_id,
            one_of(participations.c.session_id, session_ids),
        )
        rows = (await self._session.execute(statement)).all()
        return {row.session_id: participation_from_row(row) for row in rows}

    async def add_seat(self, seat: Participation, now: datetime) -> None:
        await self._session.execute(
            participations.insert().values(
                id=seat.id,
                session_id=seat.session_id,
                person_id=seat.person_id,
                status=seat.status.value,
                position=seat.position,
                created_at=now,
            )
        )

    async def remove_seat(self, seat: Participation) -> None:
        await self._session.execute(delete(participations).where(participations.c.id == seat.id))

    async def save_statuses(self, seats: Sequence[Participation]) -> None:
        for seat in seats:
            await self._session.execute(
                update(participations)
                .where(participations.c.id == seat.id)
                .values(status=seat.status.value)
            )

    async def attendance(self, session_id: UUID, person_id: UUID) -> tuple[UUID, int] | None:
        """Id and version of the attendance record, if there is one."""
        row = (
            await self._session.execute(
                select(attendances.c.id, attendances.c.version).where(
                    attendances.c.session_id == session_id, attendances.c.person_id == person_id
                )
            )
        ).first()
        return None if row is None else (row.id, row.version)

    async def record_attendance(
        self,
        *,
        attendance_id: UUID,
        session_id: UUID,
        person_id: UUID,
        status: AttendanceStatus,
        recorded_by: UUID,
        now: datetime,
        version: int,
    ) -> None:
        values = {"status": status.value, "recorded_by": recorded_by, "recorded_at": now}
        if version == 1:
            await self._session.execute(
                attendances.insert().values(
                    id=attendance_id,
                    session_id=session_id,
                    person_id=person_id,
                    version=version,
                    **values,
                )
            )
        else:
            await self._session.execute(
                update(attendances)
                .where(attendances.c.id == attendance_id)
                .values(version=version, **values)
            )

    async def attendance_of(
        self, session_ids: Sequence[UUID]
    ) -> dict[UUID, dict[UUID, AttendanceStatus]]:
        statement = select(
            attendances.c.session_id, attendances.c.person_id, attendances.c.status
        ).where(one_of(attendances.c.session_id, session_ids))
        found: dict[UUID, dict[UUID, AttendanceStatus]] = {i: {} for i in session_ids}
        for session_id, person_id, status in (await self._session.execute(statement)).all():
            found[session_id][person_id] = AttendanceStatus(status)
        return found
