"""What some mutations answer with."""

from __future__ import annotations

import strawberry

from lokal_kit.graphql.fields import field
from lokal_learning.graphql.context import Info, parse_id
from lokal_learning.graphql.enrollment_types import PersonRef, person
from lokal_learning.graphql.enums import AttendanceStatus
from lokal_learning.graphql.types import Session, load_session
from lokal_learning.service import calendar
from lokal_learning.service.attendance import AttendanceRecord as AttendanceRecordModel


@strawberry.type(description="One person's attendance at one session.")
class AttendanceRecord:
    id: strawberry.ID
    status: AttendanceStatus
    model: strawberry.Private[AttendanceRecordModel]

    @classmethod
    def of(cls, record: AttendanceRecordModel) -> AttendanceRecord:
        return cls(id=strawberry.ID(str(record.id)), status=record.status, model=record)

    @strawberry.field
    async def session(self, info: Info) -> Session:
        return await load_session(info, str(self.model.session_id))

    @strawberry.field
    def person(self) -> PersonRef:
        return person(self.model.person_id)


@strawberry.type(
    description="Secret calendar addresses: keep them private; a new token revokes the old one."
)
class CalendarAccess:
    token: str
    person_feed_url: str = strawberry.field(description="Your own sessions, as an .ics feed.")

    @field("A cohort's group sessions, for its members and the programme.")
    def cohort_feed_url(self, info: Info, cohort_id: strawberry.ID) -> str:
        return calendar.cohort_feed_url(
            info.context.rt, parse_id(cohort_id, "cohortId"), self.token
        )
