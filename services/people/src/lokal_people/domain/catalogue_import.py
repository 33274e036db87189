"""Reading a competence catalogue from CSV: all rows valid, or an error naming each bad line.

Columns as in ESCO's skill exports: `uri`, `label`, `skill_type`, and optionally
`alt_labels` (separated by `|` or new lines), `broader` (URIs separated by spaces),
`description` and `label_de`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lokal_kit.errors import InvalidInput
from lokal_people.domain.competences import Competence, CompetenceType

REQUIRED_COLUMNS = ("uri", "label", "skill_type")
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CatalogueRejected(InvalidInput):
    """The file has bad rows; nothing of it may be imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(
            f"the catalogue was not imported: {shown}{more}",
            field="file",
            lines=[p.line for p in problems],
        )
        self.problems = problems


def parse_catalogue(text: str) -> list[Competence]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise CatalogueRejected([RowProblem(1, f"missing column(s): {', '.join(missing)}")])
    competences: list[Competence] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    try:
        for line, fields in _records(reader):
            try:
                competence = _competence(header, fields)
            except (InvalidInput, ValueError) as error:
                problems.append(RowProblem(line, getattr(error, "message", str(error))))
                continue
            if competence.id in first_line:
                seen = first_line[competence.id]
                problems.append(RowProblem(line, f"{competence.id} is on line {seen} already"))
            first_line.setdefault(competence.id, line)
            competences.append(competence)
            if len(problems) >= MAX_PROBLEMS:
                break
    except csv.Error as error:
        problems.append(RowProblem(reader.line_num, f"not readable as CSV: {error}"))
    if problems:
        raise CatalogueRejected(problems)
    return competences


def _records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; blank lines are skipped."""
    start = reader.line_num + 1
    for fields in reader:
        if any(field.strip() for field in fields):
            yield start, fields
        start = reader.line_num + 1


def _competence(header: list[str], fields: list[str]) -> Competence:
    if len(fields) != len(header):
        raise ValueError(f"{len(fields)} fields where the header has {len(header)}")
    values = {key: value.strip() for key, value in zip(header, fields, strict=True)}
    kind = values["skill_type"].casefold()
    if kind not in {t.value for t in CompetenceType}:
        raise ValueError(f"skill_type must be 'skill' or 'knowledge', not {values['skill_type']!r}")
    label = values["label"]
    return Competence(
        id=values["uri"],
        label=label,
        type=CompetenceType(kind),
        broader=tuple(values.get("broader", "").split()),
        alt_labels=_alt_labels(values.get("alt_labels", ""), label),
        description=values.get("description", ""),
        label_de=values.get("label_de") or None,
    )


def _alt_labels(raw: str, label: str) -> tuple[str, ...]:
    parts: Iterable[str] = (p.strip() for chunk in raw.split("\n") for p in chunk.split("|"))
    return tuple(dict.fromkeys(p for p in parts if p and p != label))
