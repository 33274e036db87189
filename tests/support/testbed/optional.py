"""What a test needs that a developer's machine may lack (Node, the reference gateway, a subgraph).

Missing there, the test is skipped with the reason; under `CI=true` it fails instead, since
CI installs everything and a skip would hide what did not run.
"""

from __future__ import annotations

import pytest

from lokal_gateway.testing.reference import must_run


def require(why_not: str | None, needed: str) -> None:
    """Go on when `why_not` is None; else skip (locally) or fail (in CI) saying why."""
    if why_not is None:
        return
    if must_run():
        pytest.fail(f"{why_not}; CI=true requires {needed}")
    pytest.skip(why_not)
