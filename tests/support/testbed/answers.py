"""What a client may see when something goes wrong: documented codes, nothing of the inside.

The codes are read from the table in `docs/services.md` (## Error codes), so the documentation
and the tests cannot drift apart. Those marked *fault* never answer a healthy platform.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "services.md"

_ROW = re.compile(r"^\| `([A-Z_]+)` \| [^|]+ \| (.+) \|$")
_LEAKS = {
    "a traceback": re.compile(r"Traceback \(most recent call last\)|\bFile \"[^\"]+\", line \d+"),
    "an exception's name": re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b"),
    "SQL": re.compile(
        r"\b(?:SELECT\b.+\bFROM|INSERT INTO|UPDATE\b.+\bSET|DELETE FROM)\b"
        r"|\[SQL:|\b(?:sqlalchemy|asyncpg|sqlite3|psycopg)\b",
        re.IGNORECASE,
    ),
    "a file path": re.compile(
        r"(?<![\w:/])/(?:usr|home|work|tmp|var|opt|srv|app|root|lib)/\S*|\b[\w/.-]+\.py\b"
    ),
}


@functools.cache
def documented_codes() -> dict[str, bool]:
    """Every documented `extensions.code`, and whether it marks a fault of the platform."""
    section = DOCUMENT.read_text().split("## Error codes", 1)[1].split("\n## ", 1)[0]
    codes = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            codes[match[1]] = match[2].startswith("fault:")
    assert codes, f"no error-code table in {DOCUMENT}"
    return codes


def client_codes() -> frozenset[str]:
    """The codes that answer a mistake of the client's, never a fault of the platform's."""
    return frozenset(code for code, fault in documented_codes().items() if not fault)


def leaks(message: str) -> list[str]:
    """What of the platform's inside the message shows (empty when nothing)."""
    return [what for what, pattern in _LEAKS.items() if pattern.search(message)]


def problems(status: int, body: Any) -> list[str]:
    """Why an answer to a client is not acceptable from a healthy platform (empty when it is).

    A 5xx, an answer that is not a GraphQL response, an error without a documented client
    code (a masked INTERNAL_SERVER_ERROR included: it means a bug), or a message that shows a
    traceback, an exception's name, SQL or a file path.
    """
    found = []
    if status >= 500:
        found.append(f"HTTP {status}")
    if not isinstance(body, dict) or not ({"data", "errors"} & body.keys()):
        return [*found, f"not a GraphQL response: {str(body)[:200]}"]
    allowed = client_codes()
    for error in body.get("errors") or ():
        message = str(error.get("message", "")) if isinstance(error, dict) else str(error)
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if code not in allowed:
            found.append(f"code {code!r} (not a documented client code): {message[:200]}")
        found.extend(f"the message shows {what}: {message[:300]}" for what in leaks(message))
    return found
