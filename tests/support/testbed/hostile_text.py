"""Strings that would do harm if the platform executed them instead of storing them.

`stored_verbatim` registers a Kommune and drafts a project with such a string in every free-text
field, reads both back through the gateway, and checks that nothing else changed.
"""

from __future__ import annotations

from lokal_kit.auth.principal import Role
from testbed.platform import PlatformUnderTest

HOSTILE = [
    "'); DROP TABLE projects; --",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE municipalities;-- <img src=x onerror=alert(1)>",
    "\" OR 1=1 -- ' OR '1'='1",
    "%s %d {0} ${jndi:ldap://x} {{7*7}}",
]
REGISTER = """mutation($input: RegisterMunicipalityInput!) {
  registerMunicipality(input: $input) { id name address website } }"""
CREATE = """mutation($input: CreateProjectInput!) {
  createProject(input: $input) { id title goal description seats { payGroup } } }"""
READ = """query($m: ID!, $p: ID!) {
  municipality(id: $m) { name address website }
  project(id: $p) { title goal description seats { payGroup } } }"""


async def stored_verbatim(platform: PlatformUnderTest, ags: str, payload: str) -> None:
    """Every free-text field of a Kommune's registration and of a project draft, read back."""
    programme = platform.client(platform.token(roles=[Role.PROGRAMME]))
    counts = "{ projects(first: 1) { totalCount } municipalities { totalCount } }"
    before = await programme(counts)
    website = "https://example.org/" + payload.replace(" ", "")
    registered = await programme(
        REGISTER,
        input={"ags": ags, "name": payload, "kind": "CITY", "address": payload, "website": website},
    )
    municipality = registered["registerMunicipality"]
    assert municipality["name"] == municipality["address"] == payload
    assert municipality["website"] == website
    draft = {
        "municipalityId": municipality["id"],
        "title": payload,
        "goal": payload,
        "description": payload,
        "topic": "DIGITALISATION",
        "requirements": [],
        "seats": ["E13", "E11"],
        "durationMonths": 6,
        "plannedStart": "2027-09-01",
        "workMode": "ON_SITE",
    }
    created = (await programme(CREATE, input=draft))["createProject"]
    assert created["title"] == created["goal"] == created["description"] == payload
    read = await programme(READ, m=municipality["id"], p=created["id"])
    assert read["municipality"] == {"name": payload, "address": payload, "website": website}
    assert read["project"] == {
        "title": payload,
        "goal": payload,
        "description": payload,
        "seats": [{"payGroup": "E13"}, {"payGroup": "E11"}],
    }
    after = await programme(counts)
    # nothing was executed: both tables are still there, each with one row more
    assert after["projects"]["totalCount"] == before["projects"]["totalCount"] + 1
    assert after["municipalities"]["totalCount"] == before["municipalities"]["totalCount"] + 1
