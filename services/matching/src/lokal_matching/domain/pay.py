"""TVöD VKA pay: the step on hiring, and the gross of each month from the table valid then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lokal_matching.domain.errors import NoPayTable, UnknownPayGroup
from lokal_matching.domain.periods import days_in_month, month_starts, overlap_days

CENT = Decimal("0.01")


def hiring_step(experience_years: int) -> int:
    """§ 16 (2) TVöD VKA: < 1 year relevant experience → 1, ≥ 1 → 2, ≥ 3 → 3."""
    if experience_years >= 3:
        return 3
    if experience_years >= 1:
        return 2
    return 1


@dataclass(frozen=True)
class PayRate:
    valid_from: date
    valid_to: date
    pay_group: str
    step: int
    monthly_gross: Decimal


@dataclass(frozen=True)
class MonthlyPay:
    month: date
    """First day of the calendar month."""
    rate: Decimal
    """Full-month gross of the pay group and step in the table valid that month."""
    gross: Decimal
    """What this placement earns in the month: the rate, pro rata for a partial month."""
    table_valid_from: date
    days: int


@dataclass(frozen=True)
class Compensation:
    pay_group: str
    step: int
    months: tuple[MonthlyPay, ...]

    @property
    def monthly_gross(self) -> Decimal:
        """The rate of the first month."""
        return self.months[0].rate

    @property
    def total_gross(self) -> Decimal:
        return sum((m.gross for m in self.months), Decimal(0))


class PayTables:
    """All loaded tables; each rate belongs to the table of its validity period."""

    def __init__(self, rates: Iterable[PayRate]) -> None:
        self._by_table: dict[tuple[date, date], dict[tuple[str, int], Decimal]] = {}
        for rate in rates:
            table = self._by_table.setdefault((rate.valid_from, rate.valid_to), {})
            table[(rate.pay_group, rate.step)] = rate.monthly_gross

    def table_for(self, month: date) -> tuple[date, dict[tuple[str, int], Decimal]]:
        """The table valid on the first of `month`."""
        for (valid_from, valid_to), table in sorted(self._by_table.items()):
            if valid_from <= month <= valid_to:
                return valid_from, table
        raise NoPayTable(month)

    def rate(self, month: date, pay_group: str, step: int) -> tuple[date, int, Decimal]:
        """(table valid from, step paid, rate); steps a group lacks (E1 has no step 1) rise
        to the group's lowest."""
        valid_from, table = self.table_for(month)
        steps = sorted(s for g, s in table if g == pay_group)
        if not steps:
            raise UnknownPayGroup(pay_group, month)
        paid = step if (pay_group, step) in table else max(steps[0], min(step, steps[-1]))
        return valid_from, paid, table[(pay_group, paid)]

    def compensation(self, pay_group: str, step: int, first: date, last: date) -> Compensation:
        months = []
        paid_step = step
        for k, month in enumerate(month_starts(first, last)):
            month_last = month.replace(day=days_in_month(month))
            valid_from, paid, rate = self.rate(month, pay_group, step)
            if k == 0:
                paid_step = paid
            days = overlap_days(first, last, month, month_last)
            gross = (rate * days / days_in_month(month)).quantize(CENT, ROUND_HALF_UP)
            months.append(MonthlyPay(month, rate, gross, valid_from, days))
        return Compensation(pay_group=pay_group, step=paid_step, months=tuple(months))
