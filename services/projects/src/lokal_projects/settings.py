"""Configuration of the projects service (LOKAL_PROJECTS_* first, then LOKAL_*)."""

from __future__ import annotations

from typing import ClassVar

from lokal_kit.settings import ServiceSettings


class ProjectsSettings(ServiceSettings):
    service_name: ClassVar[str] = "projects"
