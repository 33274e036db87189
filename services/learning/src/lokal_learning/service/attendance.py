"""Attendance, recorded by a session's facilitator or the programme team."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from lokal_contracts import learning as contract
from lokal_kit.auth import Principal
from lokal_kit.errors import Forbidden, IllegalTransition, InvalidInput
from lokal_learning.domain.kinds import AttendanceStatus, ParticipationStatus
from lokal_learning.service.access import may_run_session
from lokal_learning.service.seats import locked_session
from lokal_learning.service.unit_of_work import Runtime


@dataclass(frozen=True)
class AttendanceRecord:
    id: UUID
    session_id: UUID
    person_id: UUID
    status: AttendanceStatus
    version: int


async def record_attendance(
    rt: Runtime, principal: Principal, session_id: UUID, person_id: UUID, status: AttendanceStatus
) -> AttendanceRecord:
    """Record or correct one person's attendance once the session has begun."""
    recorder = principal.require_authenticated()
    now = rt.clock()
    async with rt.uow_factory() as uow:
        session = await locked_session(uow, session_id)
        if not may_run_session(principal, session):
            raise Forbidden("only the facilitator or the programme team records attendance")
        if session.is_cancelled:
            raise IllegalTransition("session", "cancelled", "record attendance for")
        if not session.has_begun(now):
            raise IllegalTransition(
                "session", "upcoming", "record attendance for", "it has not begun yet"
            )
        seat = (await uow.sessions.seats_of_person(person_id, [session_id])).get(session_id)
        if seat is None or seat.status is not ParticipationStatus.ENROLLED:
            raise InvalidInput("this person is not enrolled in this session", field="personId")
        existing = await uow.sessions.attendance(session_id, person_id)
        attendance_id, version = (existing[0], existing[1] + 1) if existing else (uuid4(), 1)
        await uow.sessions.record_attendance(
            attendance_id=attendance_id,
            session_id=session_id,
            person_id=person_id,
            status=status,
            recorded_by=recorder,
            now=now,
            version=version,
        )
        uow.publish(
            contract.AttendanceRecorded(
                attendance_id=attendance_id,
                session_id=session_id,
                person_id=person_id,
                status=contract.AttendanceStatus(status.value),
                version=version,
            )
        )
        await uow.commit()
    return AttendanceRecord(attendance_id, session_id, person_id, status, version)
