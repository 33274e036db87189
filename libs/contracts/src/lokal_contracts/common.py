"""Value types several events share."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Level = Annotated[int, Field(ge=1, le=4, description="Competence level, 1 (basic) to 4 (expert).")]
StateCode = Annotated[
    str, Field(pattern=r"^(0[1-9]|1[0-6])$", description="Land code from the AGS.")
]
AgsPrefix = Annotated[str, Field(pattern=r"^\d{2,8}$", description="Leading digits of an AGS.")]
Ags = Annotated[str, Field(pattern=r"^\d{8}$", description="Amtlicher Gemeindeschlüssel.")]
PayGroup = Annotated[
    str, Field(pattern=r"^E(1[0-5]|[1-8]|9[abc]|15Ü|2Ü)$", description="TVöD VKA pay group.")
]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Topic(StrEnum):
    DIGITALISATION = "digitalisation"
    PROCESS_MODERNISATION = "process_modernisation"
    CLIMATE = "climate"
    INTEGRATION = "integration"
    OTHER = "other"


class WorkMode(StrEnum):
    ON_SITE = "on_site"
    HYBRID = "hybrid"


class Workload(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


class Background(StrEnum):
    BUSINESS = "business"
    CIVIL_SOCIETY = "civil_society"
    PUBLIC_SECTOR = "public_sector"
    RESEARCH = "research"


class CompetenceRequirement(_Value):
    competence_id: str = Field(description="ESCO URI or catalogue id of the competence.")
    min_level: Level
    must_have: bool


class CompetenceLevel(_Value):
    competence_id: str
    level: Level


class Availability(_Value):
    earliest_start: date
    months: int = Field(ge=6, le=12, description="How long the maker is available.")
    workload: Workload = Workload.FULL_TIME


class RegionWishes(_Value):
    states: list[StateCode] = Field(default_factory=list)
    ags_prefixes: list[AgsPrefix] = Field(default_factory=list)
    willing_to_relocate: bool = False


class Seat(_Value):
    pay_group: PayGroup
