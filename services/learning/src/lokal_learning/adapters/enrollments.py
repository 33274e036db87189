"""Enrolments in cohorts, their completion records, coaches and the tandem's check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_kit.graphql.pagination import PageRequest
from lokal_kit.sqlfilters import one_of
from lokal_learning.adapters.paging import paged
from lokal_learning.adapters.rows import enrollment_from_row, enrollment_values
from lokal_learning.adapters.tables import (
    attendances,
    check_ins,
    coaches,
    completions,
    enrollments,
    participations,
    sessions,
)
from lokal_learning.domain.checkins import CheckIn
from lokal_learning.domain.coaching import CoachLoad
from lokal_learning.domain.enrollments import Completion, Enrollment
from lokal_learning.domain.kinds import AttendanceStatus, EnrollmentStatus, SessionStatus
from lokal_learning.domain.progress import MandatorySeat


class Enrollments:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, enrollment: Enrollment) -> None:
        await self._session.execute(
            enrollments.insert().values(id=enrollment.id, **enrollment_values(enrollment))
        )

    async def save(self, enrollment: Enrollment) -> None:
        await self._session.execute(
            update(enrollments)
            .where(enrollments.c.id == enrollment.id)
            .values(**enrollment_values(enrollment))
        )

    async def get(self, enrollment_id: UUID, *, lock: bool = False) -> Enrollment | None:
        statement = select(enrollments).where(enrollments.c.id == enrollment_id)
        if lock:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else enrollment_from_row(row)

    async def by_ids(self, ids: Sequence[UUID]) -> dict[UUID, Enrollment]:
        rows = await self._session.execute(select(enrollments).where(one_of(enrollments.c.id, ids)))
        return {row.id: enrollment_from_row(row) for row in rows.all()}

    async def for_placement(self, placement_id: UUID, *, lock: bool = False) -> Enrollment | None:
        statement = select(enrollments).where(enrollments.c.placement_id == placement_id)
        if lock:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else enrollment_from_row(row)

    async def for_placements(self, placement_ids: Sequence[UUID]) -> dict[UUID, Enrollment]:
        statement = select(enrollments).where(one_of(enrollments.c.placement_id, placement_ids))
        rows = (await self._session.execute(statement)).all()
        return {row.placement_id: enrollment_from_row(row) for row in rows}

    async def in_cohort(self, cohort_id: UUID, person_id: UUID) -> Enrollment | None:
        statement = select(enrollments).where(
            enrollments.c.cohort_id == cohort_id, enrollments.c.person_id == person_id
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else enrollment_from_row(row)

    async def of_persons(self, person_ids: Sequence[UUID]) -> dict[UUID, list[Enrollment]]:
        statement = (
            select(enrollments)
            .where(one_of(enrollments.c.person_id, person_ids))
            .order_by(enrollments.c.enrolled_at, enrollments.c.id)
        )
        found: dict[UUID, list[Enrollment]] = {i: [] for i in person_ids}
        for row in (await self._session.execute(statement)).all():
            found[row.person_id].append(enrollment_from_row(row))
        return found

    async def active_of_person(self, person_id: UUID) -> list[Enrollment]:
        statement = select(enrollments).where(
            enrollments.c.person_id == person_id,
            enrollments.c.status == EnrollmentStatus.ACTIVE.value,
        )
        return [enrollment_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def of_cohort(self, cohort_id: UUID, page: PageRequest) -> list[Enrollment]:
        statement = paged(
            select(enrollments).where(enrollments.c.cohort_id == cohort_id),
            page,
            enrollments.c.enrolled_at,
            enrollments.c.id,
            datetime.fromisoformat,
        )
        return [enrollment_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def involving(self, person_id: UUID) -> list[Enrollment]:
        """Enrolments the person coaches or mentors."""
        statement = select(enrollments).where(
            (enrollments.c.coach_id == person_id) | (enrollments.c.mentor_id == person_id)
        )
        return [enrollment_from_row(row) for row in (await self._session.execute(statement)).all()]

    async def status_counts(self, cohort_ids: Sequence[UUID]) -> dict[UUID, dict[str, int]]:
        statement = (
            select(enrollments.c.cohort_id, enrollments.c.status, func.count())
            .where(one_of(enrollments.c.cohort_id, cohort_ids))
            .group_by(enrollments.c.cohort_id, enrollments.c.status)
        )
        counts: dict[UUID, dict[str, int]] = {i: {} for i in cohort_ids}
        for cohort_id, status, count in (await self._session.execute(statement)).all():
            counts[cohort_id][status] = count
        return counts

    async def mandatory_seats(
        self, enrollment_ids: Sequence[UUID]
    ) -> dict[UUID, list[MandatorySeat]]:
        """Per enrolment: the mandatory sessions of its cohort the maker holds a seat in."""
        statement = (
            select(
                enrollments.c.id.label("enrollment_id"),
                sessions.c.id.label("session_id"),
                sessions.c.ends_at,
                sessions.c.status,
                attendances.c.status.label("attendance"),
            )
            .join(
                participations,
                and_(
                    participations.c.person_id == enrollments.c.person_id,
                    participations.c.status == "enrolled",
                ),
            )
            .join(
                sessions,
                and_(
                    sessions.c.id == participations.c.session_id,
                    sessions.c.cohort_id == enrollments.c.cohort_id,
                    sessions.c.mandatory,
                ),
            )
            .outerjoin(
                attendances,
                and_(
                    attendances.c.session_id == sessions.c.id,
                    attendances.c.person_id == enrollments.c.person_id,
                ),
            )
            .where(one_of(enrollments.c.id, enrollment_ids))
        )
        found: dict[UUID, list[MandatorySeat]] = {i: [] for i in enrollment_ids}
        for row in (await self._session.execute(statement)).all():
            found[row.enrollment_id].append(
                MandatorySeat(
                    session_id=row.session_id,
                    ends_at=row.ends_at,
                    cancelled=row.status == SessionStatus.CANCELLED.value,
                    attendance=None if row.attendance is None else AttendanceStatus(row.attendance),
                )
            )
        return found

    async def add_completion(self, completion: Completion, now: datetime) -> None:
        await self._session.execute(
            completions.insert().values(
                enrollment_id=completion.enrollment_id,
                person_id=completion.person_id,
                cohort_id=completion.cohort_id,
                completed=completion.completed,
                ended_on=completion.ended_on,
                mandatory_attended=completion.mandatory_attended,
                mandatory_due=completion.mandatory_due,
                recorded_at=now,
            )
        )

    async def completions(self, enrollment_ids: Sequence[UUID]) -> dict[UUID, Completion]:
        statement = select(completions).where(one_of(completions.c.enrollment_id, enrollment_ids))
        return {
            row.enrollment_id: Completion(
                enrollment_id=row.enrollment_id,
                person_id=row.person_id,
                cohort_id=row.cohort_id,
                completed=row.completed,
                ended_on=row.ended_on,
                mandatory_attended=row.mandatory_attended,
                mandatory_due=row.mandatory_due,
            )
            for row in (await self._session.execute(statement)).all()
        }

    async def register_coach(self, person_id: UUID, max_makers: int, now: datetime) -> None:
        existing = await self._session.scalar(
            select(coaches.c.person_id).where(coaches.c.person_id == person_id)
        )
        if existing is None:
            await self._session.execute(
                coaches.insert().values(
                    person_id=person_id, max_makers=max_makers, active=True, registered_at=now
                )
            )
        else:
            await self._session.execute(
                update(coaches)
                .where(coaches.c.person_id == person_id)
                .values(max_makers=max_makers, active=True)
            )

    async def coach_loads(self, *, lock: bool = False) -> list[CoachLoad]:
        """Every active coach with the number of active enrolments they coach."""
        if lock:
            # coaches are chosen one transaction at a time, so none gets too many makers
            await self._session.execute(
                select(coaches.c.person_id).order_by(coaches.c.person_id).with_for_update()
            )
        active = (
            select(enrollments.c.coach_id, func.count().label("makers"))
            .where(enrollments.c.status == EnrollmentStatus.ACTIVE.value)
            .group_by(enrollments.c.coach_id)
            .subquery()
        )
        statement = (
            select(coaches.c.person_id, coaches.c.max_makers, active.c.makers)
            .outerjoin(active, active.c.coach_id == coaches.c.person_id)
            .where(coaches.c.active)
            .order_by(coaches.c.person_id)
        )
        return [
            CoachLoad(
                person_id=row.person_id, max_makers=row.max_makers, active_makers=row.makers or 0
            )
            for row in (await self._session.execute(statement)).all()
        ]

    async def add_check_in(self, check_in: CheckIn) -> None:
        await self._session.execute(
            check_ins.insert().values(
                id=check_in.id,
                enrollment_id=check_in.enrollment_id,
                maker_id=check_in.maker_id,
                mentor_id=check_in.mentor_id,
                author_id=check_in.author_id,
                held_on=check_in.on,
                note=check_in.note,
                created_at=check_in.created_at,
            )
        )

    async def check_ins(self, enrollment_ids: Sequence[UUID]) -> dict[UUID, list[CheckIn]]:
        statement = (
            select(check_ins)
            .where(one_of(check_ins.c.enrollment_id, enrollment_ids))
            .order_by(check_ins.c.held_on.desc(), check_ins.c.created_at.desc())
        )
        found: dict[UUID, list[CheckIn]] = {i: [] for i in enrollment_ids}
        for row in (await self._session.execute(statement)).all():
            found[row.enrollment_id].append(
                CheckIn(
                    id=row.id,
                    enrollment_id=row.enrollment_id,
                    maker_id=row.maker_id,
                    mentor_id=row.mentor_id,
                    author_id=row.author_id,
                    on=row.held_on,
                    note=row.note,
                    created_at=row.created_at,
                )
            )
        return found
