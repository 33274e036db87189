"""One embedded platform for the hostile sweep, and the standalone gateway server in front of it.

`lokal gateway serve` runs `GatewayApp`, whose HTTP path differs from the embedded one (no
platform middleware; the body limit is the endpoint's own; subgraphs over HTTP), so the sweep
also reaches the platform through a `GatewayApp` served on its own port.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from testbed.platform import PlatformUnderTest, embedded_platform

from lokal_gateway.server.app import GatewayApp
from lokal_gateway.server.settings import GatewaySettings
from lokal_gateway.testing.serving import serving


@pytest.fixture(scope="package")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="package")
async def platform(data_dir: Path) -> AsyncIterator[PlatformUnderTest]:
    async with embedded_platform(data_dir) as running:
        yield running


@pytest.fixture(scope="package")
async def served_gateway(platform: PlatformUnderTest, data_dir: Path) -> AsyncIterator[str]:
    """The URL of `lokal gateway serve`'s app over the platform's subgraphs."""
    settings = GatewaySettings(
        subgraphs=",".join(f"{name}={url}" for name, url in platform.subgraph_urls.items()),
        # the development key pair in the platform's data directory: tokens verify alike
        data_dir=data_dir,
    )
    async with serving(GatewayApp(settings)) as base:
        yield f"{base}/graphql"
