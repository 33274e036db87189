"""TVöD pay: the step rule, table look-ups, a placement across a table change, a month without."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lokal_matching.adapters.pay_csv import read_pay_rates
from lokal_matching.domain.errors import NoPayTable, UnknownPayGroup
from lokal_matching.domain.pay import PayTables, hiring_step

TABLES = PayTables(read_pay_rates())


@pytest.mark.parametrize(("years", "step"), [(0, 1), (1, 2), (2, 2), (3, 3), (25, 3)])
def test_the_step_on_hiring_follows_section_16(years: int, step: int) -> None:
    assert hiring_step(years) == step


def test_a_rate_comes_from_the_table_valid_in_that_month() -> None:
    assert TABLES.rate(date(2026, 4, 1), "E13", 3) == (date(2025, 4, 1), 3, Decimal("5554.35"))
    after = TABLES.rate(date(2026, 5, 1), "E13", 3)
    assert after[0] == date(2026, 5, 1)
    # the computed 2026 table is the 2025 one plus 2.8 %, rounded half-up to the cent
    assert after[2] == (Decimal("5554.35") * Decimal("1.028")).quantize(Decimal("0.01"))


def test_groups_without_a_low_step_start_at_their_lowest() -> None:
    assert TABLES.rate(date(2026, 1, 1), "E1", 1)[1:] == (2, Decimal("2465.52"))


def test_a_placement_across_the_may_2026_change_uses_both_tables() -> None:
    pay = TABLES.compensation("E11", 2, date(2026, 2, 1), date(2026, 7, 31))
    assert [m.month for m in pay.months] == [date(2026, m, 1) for m in range(2, 8)]
    assert [m.table_valid_from for m in pay.months] == [date(2025, 4, 1)] * 3 + [
        date(2026, 5, 1)
    ] * 3
    old, new = Decimal("4542.72"), (Decimal("4542.72") * Decimal("1.028")).quantize(Decimal("0.01"))
    assert [m.gross for m in pay.months] == [old] * 3 + [new] * 3
    assert pay.monthly_gross == old
    assert pay.total_gross == 3 * old + 3 * new
    assert pay.step == 2


def test_a_partial_month_is_paid_pro_rata_by_calendar_days() -> None:
    pay = TABLES.compensation("E10", 1, date(2026, 1, 15), date(2026, 7, 14))
    first, last = pay.months[0], pay.months[-1]
    assert first.days == 17
    assert first.gross == (first.rate * 17 / 31).quantize(Decimal("0.01"))
    assert last.days == 14
    assert last.gross == (last.rate * 14 / 31).quantize(Decimal("0.01"))
    assert len(pay.months) == 7


def test_a_month_without_a_table_is_a_clear_error() -> None:
    with pytest.raises(NoPayTable) as raised:
        TABLES.compensation("E11", 2, date(2026, 12, 1), date(2027, 5, 31))
    assert raised.value.code == "NO_PAY_TABLE"
    assert raised.value.details["month"] == "2027-04"
    with pytest.raises(NoPayTable):
        TABLES.rate(date(2025, 3, 1), "E11", 2)


def test_an_unknown_pay_group_is_named() -> None:
    with pytest.raises(UnknownPayGroup):
        TABLES.rate(date(2026, 1, 1), "E99", 2)
