"""Configuration of the learning service (LOKAL_LEARNING_* first, then LOKAL_*)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from lokal_kit.settings import ServiceSettings


class LearningSettings(ServiceSettings):
    service_name: ClassVar[str] = "learning"

    public_url: str = Field(
        default="http://127.0.0.1:8000/subgraphs/learning",
        description="Where this service's HTTP routes are reached from outside (calendar links).",
    )

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if not self.public_url.startswith("https://"):
            problems.append("{prefix}PUBLIC_URL must be an https:// URL")
        return problems
