"""Errors of the matching domain a client can cause, with their stable codes."""

from __future__ import annotations

from datetime import date

from lokal_kit.errors import LokalError


class NoPayTable(LokalError):
    """A month of a placement has no valid TVöD table yet."""

    code = "NO_PAY_TABLE"

    def __init__(self, month: date) -> None:
        super().__init__(
            f"no TVöD VKA pay table is valid in {month:%Y-%m}; import the table for that month",
            month=f"{month:%Y-%m}",
        )


class UnknownPayGroup(LokalError):
    code = "UNKNOWN_PAY_GROUP"

    def __init__(self, pay_group: str, month: date) -> None:
        super().__init__(
            f"the TVöD VKA table valid in {month:%Y-%m} has no pay group {pay_group}",
            payGroup=pay_group,
            month=f"{month:%Y-%m}",
        )
