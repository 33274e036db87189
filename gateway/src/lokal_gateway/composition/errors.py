"""Composition errors: each names the subgraph, the type, the field and the rule it breaks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompositionProblem:
    rule: str
    message: str
    subgraph: str | None = None
    type_name: str | None = None
    field_name: str | None = None

    def __str__(self) -> str:
        where = ".".join(p for p in (self.type_name, self.field_name) if p)
        place = f"[{self.subgraph}] " if self.subgraph else ""
        return f"{self.rule}: {place}{where + ': ' if where else ''}{self.message}"


class CompositionError(Exception):
    """The subgraphs do not compose; `problems` lists every rule broken."""

    def __init__(self, problems: list[CompositionProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
