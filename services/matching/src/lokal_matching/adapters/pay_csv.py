"""Reading a TVöD pay table file (the format of `data/tvoed-vka.csv`)."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from lokal_matching.domain.pay import PayRate

PACKAGED_TABLE = Path(__file__).parent.parent / "data" / "tvoed-vka.csv"


def read_pay_rates(path: Path = PACKAGED_TABLE) -> list[PayRate]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            PayRate(
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]),
                pay_group=row["pay_group"],
                step=int(row["step"]),
                monthly_gross=Decimal(row["monthly_gross_eur"]),
            )
            for row in csv.DictReader(file)
        ]
