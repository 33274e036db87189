"""HTTP routes beside the subgraph: the iCalendar feeds."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from lokal_kit.errors import NotFound
from lokal_learning.service import calendar
from lokal_learning.service.unit_of_work import Runtime

CALENDAR_TYPE = "text/calendar; charset=utf-8"
Token = Annotated[
    str, Query(min_length=16, max_length=100, description="The secret calendar token.")
]


def calendar_router(rt: Runtime) -> APIRouter:
    router = APIRouter(prefix="/calendar", tags=["calendar"])

    @router.get("/persons/{person_id}.ics")
    async def person_feed(person_id: UUID, token: Token) -> Response:
        try:
            body = await calendar.person_feed(rt, person_id, token)
        except NotFound as error:
            return Response(error.message, status_code=404, media_type="text/plain")
        return _calendar(body, f"lokalprojekte-{person_id}.ics")

    @router.get("/cohorts/{cohort_id}.ics")
    async def cohort_feed(cohort_id: UUID, token: Token) -> Response:
        try:
            body = await calendar.cohort_feed(rt, cohort_id, token)
        except NotFound as error:
            return Response(error.message, status_code=404, media_type="text/plain")
        return _calendar(body, f"lokalprojekte-cohort-{cohort_id}.ics")

    return router


def _calendar(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type=CALENDAR_TYPE,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            # the address is a secret: no shared cache may keep the feed
            "Cache-Control": "private, max-age=300",
        },
    )
