"""docs/operations.md: its environment table is what the code reads, and it names every
variable the deployment files set."""

from __future__ import annotations

import re

from lokal_cli.environment import END, START, table
from lokal_kit.settings import ServiceSettings

from .conftest import DEPLOY, ROOT, SERVICES

GUIDE = ROOT / "docs" / "operations.md"
# "LOKAL_X=" (Dockerfile ENV, ConfigMap literals, env files), "LOKAL_X:" (compose),
# "name: LOKAL_X" (Kubernetes); not "${LOKAL_X:-…}", compose's own interpolation
_SET = re.compile(r"(?<![{\w])(LOKAL_[A-Z0-9_]+)(?=[=:]|$)", re.MULTILINE)


def test_the_environment_table_is_up_to_date() -> None:
    text = GUIDE.read_text()
    block = text[text.index(START) + len(START) : text.index(END)].strip("\n")
    assert block == table([]).strip("\n"), "run `uv run lokal env --write docs/operations.md`"


def test_every_variable_the_deployment_sets_is_read_and_documented() -> None:
    files = [p for p in DEPLOY.rglob("*") if p.is_file() and p.suffix in ("", ".yaml", ".env")]
    documented = set(re.findall(r"LOKAL_[A-Z0-9_]+", GUIDE.read_text()))
    fields = {name.upper() for name in ServiceSettings.model_fields}
    per_service = {f"LOKAL_{s.upper()}_{f}" for s in SERVICES for f in fields}
    found = {name for path in files for name in _SET.findall(path.read_text())}
    assert found, "the pattern finds the variables"
    for name in sorted(found):
        assert name in per_service or name in documented, f"{name} is neither read nor documented"
