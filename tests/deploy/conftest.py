"""What deploy/ must hold for every service; the tools that check it come from PyPI."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import TypeVar

import pytest

from lokal_gateway.server.settings import GatewaySettings
from lokal_kit.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = ("projects", "people", "matching", "learning")
S = TypeVar("S", bound=ServiceSettings)


def tool(name: str) -> str:
    """A command-line tool installed into the project's environment by `uv sync`."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is missing: it is a dev dependency, run `uv sync`")
    return found


def production_settings(service: str, env: dict[str, str]) -> ServiceSettings:
    """The settings a process of `service` builds from `env` alone (raises when unsafe)."""
    settings_class = type(f"{service}Settings", (ServiceSettings,), {"service_name": service})
    return settings_from(settings_class, env)


def gateway_settings(env: dict[str, str]) -> GatewaySettings:
    return settings_from(GatewaySettings, env)


def dockerfile_path(image: str) -> Path:
    """The gateway has its own Dockerfile; the services share one, built with SERVICE."""
    return DEPLOY / "images" / ("gateway" if image == "gateway" else "service") / "Dockerfile"


def dockerfile(image: str) -> str:
    """The Dockerfile as the build sees it for `image` (the service's name for SERVICE)."""
    return dockerfile_path(image).read_text().replace("${SERVICE}", image)


def image_environment(image: str) -> dict[str, str]:
    """The ENV of an image's runtime stage (what a container starts with)."""
    runtime = dockerfile(image).split("AS runtime", 1)[1]
    block = re.search(r"^ENV (.*?)(?<!\\)$", runtime, re.MULTILINE | re.DOTALL)
    assert block is not None
    pairs = re.findall(r'(\w+)=("[^"]*"|\S+)', block.group(1))
    return {key: value.strip('"') for key, value in pairs}


def settings_from(settings_class: type[S], env: dict[str, str]) -> S:
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k.startswith("LOKAL_")]:
            patch.delenv(key)
        for key, value in env.items():
            patch.setenv(key, value)
        return settings_class()
