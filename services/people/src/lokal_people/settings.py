"""Configuration of the people service (`LOKAL_PEOPLE_*`, then `LOKAL_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from lokal_kit.settings import ServiceSettings


class PeopleSettings(ServiceSettings):
    service_name: ClassVar[str] = "people"

    erasure_participants: tuple[str, ...] = Field(
        default=("projects", "matching", "learning"),
        description="Services that must confirm an erasure before it counts as done "
        "(a JSON list in the environment).",
    )
