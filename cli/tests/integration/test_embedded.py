"""The embedded platform starts, answers GraphQL and reports its health."""

from __future__ import annotations

from pathlib import Path

import httpx

from lokal_cli.embedded import EmbeddedPlatform
from lokal_cli.registry import installed_services


async def test_the_embedded_platform_answers_graphql_and_health(tmp_path: Path) -> None:
    platform = EmbeddedPlatform(data_dir=tmp_path, entries=installed_services())
    platform.build()
    app = platform.app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://lokal") as client:
            answer = await client.post("/graphql", json={"query": "{ __typename }"})
            assert answer.status_code == 200
            # the gateway's supergraph once services are installed
            root = "Query" if platform.services else "PlatformStatus"
            assert answer.json() == {"data": {"__typename": root}}
            assert (await client.get("/livez")).json() == {"status": "alive"}
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
    assert (tmp_path / "broker.sqlite").exists()
