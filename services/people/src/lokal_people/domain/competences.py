"""The competence catalogue: ESCO skills and knowledge, and roles typical of municipal projects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lokal_kit.errors import InvalidInput
from lokal_people.domain.profile import level

# An ESCO URI, or a catalogue id of our own for a competence ESCO lacks.
COMPETENCE_ID = re.compile(r"^(https?://\S+|[a-z][a-z0-9_.:-]*)$")
ROLE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_ID, MAX_LABEL, MAX_DESCRIPTION = 255, 300, 4000


class CompetenceType(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"


@dataclass(frozen=True)
class Competence:
    id: str
    label: str
    type: CompetenceType
    broader: tuple[str, ...] = ()
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    label_de: str | None = None

    def __post_init__(self) -> None:
        if len(self.id) > MAX_ID or not COMPETENCE_ID.match(self.id):
            raise InvalidInput(f"{self.id!r} is neither an ESCO URI nor a catalogue id", field="id")
        if not self.label.strip() or len(self.label) > MAX_LABEL:
            raise InvalidInput(f"a label has 1 to {MAX_LABEL} characters", field="label")
        if len(self.description) > MAX_DESCRIPTION:
            raise InvalidInput(
                f"the description is longer than {MAX_DESCRIPTION} characters",
                field="description",
            )

    @property
    def search_text(self) -> str:
        """What text search looks in: every label and the description, case-folded."""
        labels = (self.label, self.label_de or "", *self.alt_labels, self.description)
        return " ".join(part for part in labels if part).casefold()


@dataclass(frozen=True)
class RoleCompetence:
    competence_id: str
    level: int

    def __post_init__(self) -> None:
        level(self.level)


@dataclass(frozen=True)
class CompetenceRole:
    """A role in a municipal project (say, IT security) as the competences it takes."""

    id: str
    label: str
    description: str
    competences: tuple[RoleCompetence, ...]

    def __post_init__(self) -> None:
        if not ROLE_ID.match(self.id):
            raise InvalidInput(f"{self.id!r} is not a role id (snake_case)", field="id")
        if not self.competences:
            raise InvalidInput("a role takes at least one competence", field="competences")
