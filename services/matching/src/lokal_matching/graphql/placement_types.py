"""Placement and its pay, as the API shows them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from lokal_kit.errors import NotFound
from lokal_kit.graphql.fields import field
from lokal_matching.domain import placement as domain
from lokal_matching.graphql.context import MatchingContext, parse_id
from lokal_matching.service.access import require_see_placement

if TYPE_CHECKING:
    from lokal_matching.graphql.stubs import Person, Project

PlacementState = strawberry.enum(domain.PlacementState, name="PlacementState")
PlacementOutcome = strawberry.enum(domain.PlacementOutcome, name="PlacementOutcome")

Stubs = "lokal_matching.graphql.stubs"


@strawberry.type(description="Gross pay of one calendar month of the placement.")
class PlacementPayMonth:
    month: datetime.date = strawberry.field(description="First day of the month.")
    rate_eur: Decimal = strawberry.field(description="Full-month gross of group and step.")
    gross_eur: Decimal = strawberry.field(description="Pay of this month, pro rata if partial.")
    days: int
    table_valid_from: datetime.date = strawberry.field(
        description="Start of the validity of the TVöD table used for this month."
    )


@strawberry.type(description="TVöD VKA pay over the placement period.")
class PlacementCompensation:
    pay_group: str
    step: int
    monthly_gross_eur: Decimal = strawberry.field(description="The rate of the first month.")
    total_gross_eur: Decimal
    months: list[PlacementPayMonth]


@strawberry.federation.type(keys=["id"], description="One maker on one seat of one project.")
class Placement:
    id: strawberry.ID
    seat_index: int
    pay_group: str
    step: int
    step_override_reason: str | None
    state: PlacementState  # type: ignore[valid-type]
    starts_on: datetime.date
    ends_on: datetime.date
    accepted_at: datetime.datetime | None
    municipality_confirmed_at: datetime.datetime | None
    programme_confirmed_at: datetime.datetime | None
    activated_on: datetime.date | None
    ended_on: datetime.date | None
    outcome: PlacementOutcome | None  # type: ignore[valid-type]
    closing_reason: str | None = strawberry.field(
        description="Why it was declined, withdrawn or terminated early."
    )
    created_at: datetime.datetime
    version: int
    record: strawberry.Private[domain.Placement]

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy(Stubs)]:
        from lokal_matching.graphql.stubs import Project

        return Project(id=strawberry.ID(str(self.record.project_id)))

    @field("The maker; null once their data was erased.")
    def person(self) -> Annotated[Person, strawberry.lazy(Stubs)] | None:
        from lokal_matching.graphql.stubs import Person

        pid = self.record.person_id
        return Person(id=strawberry.ID(str(pid))) if pid else None

    @field("The Projektpat*in: the project's, unless reassigned.")
    def mentor(self) -> Annotated[Person, strawberry.lazy(Stubs)] | None:
        from lokal_matching.graphql.stubs import Person

        mid = self.record.mentor_id
        return Person(id=strawberry.ID(str(mid))) if mid else None

    @strawberry.field
    async def compensation(self, info: strawberry.Info[MatchingContext]) -> PlacementCompensation:
        p = self.record
        tables = await info.context.pay_tables()
        pay = tables.compensation(p.pay_group, p.step, p.starts_on, p.ends_on)
        return PlacementCompensation(
            pay_group=pay.pay_group,
            step=pay.step,
            monthly_gross_eur=pay.monthly_gross,
            total_gross_eur=pay.total_gross,
            months=[
                PlacementPayMonth(
                    month=m.month,
                    rate_eur=m.rate,
                    gross_eur=m.gross,
                    days=m.days,
                    table_valid_from=m.table_valid_from,
                )
                for m in pay.months
            ],
        )

    @classmethod
    async def resolve_reference(
        cls, info: strawberry.Info[MatchingContext], id: strawberry.ID
    ) -> Placement:
        found = await info.context.placements.load(parse_id(id))
        if found is None:
            raise NotFound("no such placement", placementId=str(id))
        require_see_placement(info.context.principal, found)
        return placement_of(found)


def placement_of(p: domain.Placement) -> Placement:
    values: dict[str, Any] = {
        name: getattr(p, name)
        for name in (
            "seat_index", "pay_group", "step", "step_override_reason", "starts_on", "ends_on",
            "accepted_at", "municipality_confirmed_at", "programme_confirmed_at", "activated_on",
            "ended_on", "closing_reason", "created_at", "version",
        )
    }  # fmt: skip
    return Placement(
        id=strawberry.ID(str(p.id)), state=p.state, outcome=p.outcome, record=p, **values
    )
