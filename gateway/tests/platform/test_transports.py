"""In-process and HTTP transports: the same plans give the same answers on the real subgraphs."""

from __future__ import annotations

from typing import Any

import httpx

QUERIES = [
    """{ projects(first: 15) { nodes { title municipality { name staff { name } }
         team { state person { name placements { state } } } } } }""",
    "{ placements(first: 10) { nodes { state project { title } person { name stage } } } }",
    """{ municipalities(first: 5) { nodes { name contacts { name }
         staff { recommendedProjects(first: 2) { project { title } } } } } }""",
]


async def test_the_embedded_gateway_answers_like_the_gateway_over_http(real_platform: Any) -> None:
    headers = {"authorization": f"Bearer {real_platform.tokens['programme']}"}
    async with httpx.AsyncClient(timeout=60) as http:
        for query in QUERIES:
            embedded = await http.post(
                real_platform.embedded_url, json={"query": query}, headers=headers
            )
            remote = await http.post(real_platform.url, json={"query": query}, headers=headers)
            assert embedded.json() == remote.json()
            assert embedded.json()["data"], embedded.json()
            assert "errors" not in embedded.json()
