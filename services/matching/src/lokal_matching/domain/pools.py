"""Makers and projects as arrays, so that fit is computed for thousands of pairs at once.

Built once per read-model revision and reused for every ranking in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from numpy.typing import NDArray

from lokal_matching.domain.model import Maker, Project

TOPICS = ("digitalisation", "process_modernisation", "climate", "integration", "other")
AGS_LENGTH = 8
# Administrative levels inside the AGS: Land (2), Regierungsbezirk (3), Kreis (5).
STATE, REGION, DISTRICT = 2, 3, 5

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


def _topic_mask(topics: frozenset[str] | Sequence[str]) -> int:
    return sum(1 << TOPICS.index(t) for t in topics if t in TOPICS)


def _truncated(prefix: str, length: int) -> int:
    return int(prefix[:length]) if len(prefix) >= length else -1


@dataclass(frozen=True)
class MakerArrays:
    """k makers (sorted by id, so that ties break the same way every time)."""

    makers: tuple[Maker, ...]
    vocabulary: dict[str, int]
    levels: NDArray[np.uint8]
    """(competences, k): the level of each competence, 0 where the maker lacks it.

    Competence-major, so that a project's few requirements are a few contiguous rows.
    """
    available_first: Ints
    available_last: Ints
    wish_value: Ints
    """(wishes, k): each wished AGS prefix as a number, -1 as padding."""
    wish_length: Ints
    wish_state: Ints
    wish_region: Ints
    wish_district: Ints
    state_mask: Ints
    """Bit s set: the maker wishes Land s."""
    relocate: Bools
    no_region_wishes: Bools
    topic_mask: Ints
    no_topics: Bools

    @property
    def ids(self) -> list[UUID]:
        return [maker.person_id for maker in self.makers]

    def __len__(self) -> int:
        return len(self.makers)

    @classmethod
    def build(cls, makers: Sequence[Maker]) -> MakerArrays:
        ordered = tuple(sorted(makers, key=lambda m: str(m.person_id)))
        vocabulary: dict[str, int] = {}
        for maker in ordered:
            for competence in maker.competences:
                vocabulary.setdefault(competence, len(vocabulary))
        k = len(ordered)
        levels = np.zeros((max(1, len(vocabulary)), k), dtype=np.uint8)
        rows, cols, values = [], [], []
        for row, maker in enumerate(ordered):
            for competence, level in maker.competences.items():
                rows.append(row)
                cols.append(vocabulary[competence])
                values.append(level)
        levels[cols, rows] = values
        width = max([1, *(len(m.ags_prefixes) for m in ordered)])
        wishes = np.full((5, width, k), -1, dtype=np.int64)
        for row, maker in enumerate(ordered):
            for column, prefix in enumerate(maker.ags_prefixes):
                wishes[:, column, row] = (
                    int(prefix),
                    len(prefix),
                    _truncated(prefix, STATE),
                    _truncated(prefix, REGION),
                    _truncated(prefix, DISTRICT),
                )
        return cls(
            makers=ordered,
            vocabulary=vocabulary,
            levels=levels,
            available_first=np.array(
                [m.earliest_start.toordinal() for m in ordered], dtype=np.int64
            ),
            available_last=np.array(
                [m.available_until.toordinal() for m in ordered], dtype=np.int64
            ),
            wish_value=wishes[0],
            wish_length=wishes[1],
            wish_state=wishes[2],
            wish_region=wishes[3],
            wish_district=wishes[4],
            state_mask=np.array(
                [sum(1 << int(s) for s in m.states) for m in ordered], dtype=np.int64
            ),
            relocate=np.array([m.willing_to_relocate for m in ordered], dtype=bool),
            no_region_wishes=np.array(
                [not m.states and not m.ags_prefixes for m in ordered], dtype=bool
            ),
            topic_mask=np.array([_topic_mask(m.topics) for m in ordered], dtype=np.int64),
            no_topics=np.array([not m.topics for m in ordered], dtype=bool),
        )


@dataclass(frozen=True)
class ProjectArrays:
    """m projects (sorted by id), requirements padded to the longest list."""

    projects: tuple[Project, ...]
    requirement_ids: tuple[tuple[str, ...], ...]
    min_level: Ints
    """(m, requirements), 1 as padding (never divides by zero)."""
    must_have: Bools
    valid: Bools
    first: Ints
    last: Ints
    prefix_codes: Ints
    """(m, 9): column L holds the first L digits of the AGS as a number."""
    state: Ints
    topic_bit: Ints

    @property
    def ids(self) -> list[UUID]:
        return [project.project_id for project in self.projects]

    def __len__(self) -> int:
        return len(self.projects)

    @classmethod
    def build(cls, projects: Sequence[Project]) -> ProjectArrays:
        ordered = tuple(sorted(projects, key=lambda p: str(p.project_id)))
        m = len(ordered)
        width = max([1, *(len(p.requirements) for p in ordered)])
        min_level = np.ones((m, width), dtype=np.int64)
        must_have = np.zeros((m, width), dtype=bool)
        valid = np.zeros((m, width), dtype=bool)
        codes = np.zeros((m, AGS_LENGTH + 1), dtype=np.int64)
        for row, project in enumerate(ordered):
            for column, requirement in enumerate(project.requirements):
                min_level[row, column] = requirement.min_level
                must_have[row, column] = requirement.must_have
                valid[row, column] = True
            for length in range(1, AGS_LENGTH + 1):
                codes[row, length] = int(project.ags[:length])
        return cls(
            projects=ordered,
            requirement_ids=tuple(tuple(r.competence_id for r in p.requirements) for p in ordered),
            min_level=min_level,
            must_have=must_have,
            valid=valid,
            first=np.array([p.planned_start.toordinal() for p in ordered], dtype=np.int64),
            last=np.array([p.ends_on.toordinal() for p in ordered], dtype=np.int64),
            prefix_codes=codes,
            state=codes[:, STATE].copy(),
            topic_bit=np.array(
                [TOPICS.index(p.topic) if p.topic in TOPICS else 63 for p in ordered],
                dtype=np.int64,
            ),
        )

    def subset(self, rows: Sequence[int]) -> ProjectArrays:
        index = np.asarray(rows, dtype=np.int64)
        return ProjectArrays(
            projects=tuple(self.projects[i] for i in rows),
            requirement_ids=tuple(self.requirement_ids[i] for i in rows),
            min_level=self.min_level[index],
            must_have=self.must_have[index],
            valid=self.valid[index],
            first=self.first[index],
            last=self.last[index],
            prefix_codes=self.prefix_codes[index],
            state=self.state[index],
            topic_bit=self.topic_bit[index],
        )
