"""The graphql-http audit (npm `graphql-http`, auditServer) against our gateway's HTTP surface."""

from __future__ import annotations

import asyncio
import json

from testbed.optional import require

from lokal_gateway.gateway import Gateway
from lokal_gateway.server.endpoint import EndpointOptions, GraphQLEndpoint
from lokal_gateway.testing.reference import REFERENCE_DIR, missing_reference
from lokal_gateway.testing.serving import serving


async def test_every_must_item_of_the_audit_passes(gateway: Gateway) -> None:
    require(missing_reference(), "the graphql-http audit")
    async with serving(GraphQLEndpoint(gateway, EndpointOptions())) as url:
        process = await asyncio.create_subprocess_exec(
            "node",
            str(REFERENCE_DIR / "audit.mjs"),
            f"{url}/graphql",
            cwd=REFERENCE_DIR,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    results = [json.loads(line) for line in stdout.decode().splitlines() if line.startswith("{")]
    assert results, stderr.decode()
    must = [r for r in results if r["name"].startswith("MUST")]
    assert len(must) >= 10
    failed = [r for r in must if r["status"] != "ok"]
    assert failed == []
    assert process.returncode == 0
