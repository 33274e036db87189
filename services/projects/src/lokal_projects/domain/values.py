"""Value objects and vocabularies of the projects domain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lokal_kit.errors import InvalidInput

# Land codes are the first two digits of every AGS (Statistisches Bundesamt).
STATES: dict[str, str] = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}

# TVöD VKA pay groups, the same pattern as the contracts' PayGroup.
PAY_GROUP = re.compile(r"^E(1[0-5]|[1-8]|9[abc]|15Ü|2Ü)$")
_DIGITS = re.compile(r"^\d{8}$")


class MunicipalityKind(StrEnum):
    MUNICIPALITY = "gemeinde"
    CITY = "stadt"
    DISTRICT = "landkreis"
    ADMINISTRATIVE_UNION = "verwaltungsgemeinschaft"
    OTHER_PUBLIC_BODY = "other_public_body"


class Topic(StrEnum):
    DIGITALISATION = "digitalisation"
    PROCESS_MODERNISATION = "process_modernisation"
    CLIMATE = "climate"
    INTEGRATION = "integration"
    OTHER = "other"


class WorkMode(StrEnum):
    ON_SITE = "on_site"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class State:
    """A Bundesland, as the first two digits of an AGS name it."""

    code: str
    name: str

    @classmethod
    def of(cls, code: str, *, field: str = "state") -> State:
        if code not in STATES:
            raise InvalidInput(f"{code!r} is not a Land code (01–16)", field=field)
        return cls(code, STATES[code])


@dataclass(frozen=True)
class Ags:
    """Amtlicher Gemeindeschlüssel: Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3)."""

    value: str

    def __post_init__(self) -> None:
        if not _DIGITS.match(self.value):
            raise InvalidInput(f"the AGS must be exactly 8 digits, got {self.value!r}", field="ags")
        if self.value[:2] not in STATES:
            raise InvalidInput(
                f"the AGS must start with a Land code 01–16, got {self.value[:2]!r}", field="ags"
            )

    @property
    def state(self) -> State:
        return State.of(self.value[:2])

    def __str__(self) -> str:
        return self.value


def required_text(value: str, *, field: str, max_length: int, min_length: int = 1) -> str:
    """Trimmed text that must not be blank and must fit its column."""
    text = value.strip()
    if len(text) < min_length:
        raise InvalidInput(f"{field} needs at least {min_length} character(s)", field=field)
    if len(text) > max_length:
        raise InvalidInput(f"{field} may have at most {max_length} characters", field=field)
    return text


def optional_text(value: str | None, *, field: str, max_length: int) -> str | None:
    if value is None or not value.strip():
        return None
    return required_text(value, field=field, max_length=max_length)
