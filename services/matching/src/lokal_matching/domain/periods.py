"""Calendar arithmetic for placement periods and availability."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` that begins on `start`."""
    return add_months(start, months) - timedelta(days=1)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every calendar month that the days first..last touch."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def overlap_days(a_first: date, a_last: date, b_first: date, b_last: date) -> int:
    """Days two closed intervals share (0 when they do not meet)."""
    return max(0, (min(a_last, b_last) - max(a_first, b_first)).days + 1)
