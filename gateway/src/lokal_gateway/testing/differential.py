"""Differential testing: the same request through two gateways, answers compared after normalising.

`data` must be equal. Errors are compared as a multiset of (code, message) with the message's
wording normalised (case, punctuation, quoting), since gateways phrase their own errors
differently; paths are not compared (Hive Gateway reports every error of one `_entities`
batch at the first representation's path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    role: str | None = None
    """Whose token to send (a key of the tokens given to `compare`); None: anonymous."""


@dataclass
class Difference:
    case: str
    ours: Any
    reference: Any


def normalised_errors(answer: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for error in answer.get("errors") or ():
        code = str((error.get("extensions") or {}).get("code", ""))
        found.append((code, _wording(str(error.get("message", "")))))
    return sorted(found)


def _wording(message: str) -> str:
    # gateways quote, capitalise and punctuate their own messages differently
    message = re.sub(r"[\"'`.,:;!]", "", message.lower())
    return re.sub(r"\s+", " ", message).strip()


async def answer(
    client: httpx.AsyncClient, url: str, case: Case, tokens: dict[str, str]
) -> dict[str, Any]:
    headers = {"content-type": "application/json", "accept": "application/graphql-response+json"}
    if case.role is not None:
        headers["authorization"] = f"Bearer {tokens[case.role]}"
    response = await client.post(
        url, json={"query": case.query, "variables": case.variables}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


async def compare(
    cases: list[Case], ours: str, reference: str, tokens: dict[str, str] | None = None
) -> tuple[list[Difference], list[dict[str, Any]]]:
    """The cases whose answers differ, and our answers (to check they are not all empty)."""
    differences = []
    answers = []
    async with httpx.AsyncClient(timeout=30.0) as client:
        for case in cases:
            mine = await answer(client, ours, case, tokens or {})
            theirs = await answer(client, reference, case, tokens or {})
            answers.append(mine)
            if mine.get("data") != theirs.get("data"):
                differences.append(Difference(case.name, mine.get("data"), theirs.get("data")))
            elif normalised_errors(mine) != normalised_errors(theirs):
                differences.append(Difference(case.name, mine.get("errors"), theirs.get("errors")))
    return differences, answers
