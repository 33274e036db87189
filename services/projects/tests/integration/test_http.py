"""The subgraph over HTTP with real bearer tokens, as the gateway calls it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

import httpx

from lokal_kit.auth import Role
from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier
from lokal_kit.health import Health
from lokal_kit.http import create_service_app

if TYPE_CHECKING:
    from conftest import Scenario

REGISTER = """
mutation { registerMunicipality(input: {ags: "12052000", name: "Cottbus/Chóśebuz", kind: CITY})
  { id state contacts { id } } }
"""


async def test_a_token_holder_registers_and_anonymous_reads(
    scenario: Scenario, token_issuer: TokenIssuer, token_verifier: TokenVerifier
) -> None:
    app = create_service_app(scenario.service, verifier=token_verifier, health=Health())
    person = uuid4()
    token = token_issuer.issue(person, [Role.MUNICIPALITY])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://projects") as client:
        anonymous = await client.post("/graphql", json={"query": REGISTER})
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

        registered = await client.post(
            "/graphql", json={"query": REGISTER}, headers={"Authorization": f"Bearer {token}"}
        )
        body = registered.json()
        assert "errors" not in body, body
        assert body["data"]["registerMunicipality"]["state"] == "Brandenburg"
        assert body["data"]["registerMunicipality"]["contacts"] == [{"id": str(person)}]

        listing = await client.post(
            "/graphql", json={"query": "{ municipalities { nodes { name stateCode } } }"}
        )
        assert listing.json() == {
            "data": {"municipalities": {"nodes": [{"name": "Cottbus/Chóśebuz", "stateCode": "12"}]}}
        }
        forged = await client.post(
            "/graphql", json={"query": REGISTER}, headers={"Authorization": "Bearer forged"}
        )
        assert forged.status_code == 401
