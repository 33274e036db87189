"""Everything the learning service holds on a person, for their DSGVO data export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lokal_kit.auth import Principal
from lokal_learning.service.access import require_person_or_programme
from lokal_learning.service.unit_of_work import Runtime


async def personal_data(
    rt: Runtime, principal: Principal, person_ids: list[UUID]
) -> dict[UUID, dict[str, Any]]:
    """One document per person; the caller must be that person or the programme team."""
    for person_id in person_ids:
        require_person_or_programme(principal, person_id)
    async with rt.uow_factory().reading() as uow:
        enrollments = await uow.enrollments.of_persons(person_ids)
        all_enrollments = [e for found in enrollments.values() for e in found]
        enrollment_ids = [e.id for e in all_enrollments]
        completions = await uow.enrollments.completions(enrollment_ids)
        check_ins = await uow.enrollments.check_ins(enrollment_ids)
        cohorts = await uow.curricula.cohorts(list({e.cohort_id for e in all_enrollments}))
        documents = {}
        for person_id in person_ids:
            seats = await uow.sessions.of_person(person_id)
            attendance = await uow.sessions.attendance_of([s.id for s, _ in seats])
            coach = [
                load for load in await uow.enrollments.coach_loads() if load.person_id == person_id
            ]
            documents[person_id] = {
                "enrollments": [
                    {
                        "id": str(e.id),
                        "cohortId": str(e.cohort_id),
                        "cohort": cohorts[e.cohort_id].title if e.cohort_id in cohorts else None,
                        "placementId": _str(e.placement_id),
                        "status": e.status.value,
                        "enrolledAt": e.enrolled_at.isoformat(),
                        "closedOn": _str(e.closed_on),
                        "coachId": _str(e.coach_id),
                        "mentorId": _str(e.mentor_id),
                        "completion": _completion(completions.get(e.id)),
                        "checkIns": [
                            {
                                "on": c.on.isoformat(),
                                "note": c.note,
                                "authorId": str(c.author_id),
                                "createdAt": c.created_at.isoformat(),
                            }
                            for c in check_ins[e.id]
                        ],
                    }
                    for e in enrollments[person_id]
                ],
                "sessions": [
                    {
                        "sessionId": str(s.id),
                        "title": s.title,
                        "kind": s.kind.value,
                        "startsAt": s.starts_at.isoformat(),
                        "status": s.status.value,
                        "seat": None if seat is None else seat.value,
                        "facilitator": s.facilitator_id == person_id,
                        "attendance": _str(attendance[s.id].get(person_id)),
                    }
                    for s, seat in seats
                ],
                "coach": {"maxMakers": coach[0].max_makers} if coach else None,
                "calendarFeed": await uow.persons.has_calendar_token(person_id),
            }
    return documents


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _completion(completion: Any) -> dict[str, Any] | None:
    if completion is None:
        return None
    return {
        "completed": completion.completed,
        "endedOn": completion.ended_on.isoformat(),
        "mandatoryAttended": completion.mandatory_attended,
        "mandatoryDue": completion.mandatory_due,
    }
