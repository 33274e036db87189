"""A client population that keeps reading and writing through the gateway while a test breaks
something, and remembers every answer.

Reads are the anonymous project search and the programme team's list of persons (projects and
people). A write is the programme team registering a Projektpat*in and erasing them again:
one erasure sets every worker going — people announces it, projects, matching and learning each
forget the person and confirm, people records the three confirmations — so "every erasure done"
means every event of it arrived, and each confirmation is an effect that can be counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.testing.waiting import eventually
from testbed.platform import PlatformUnderTest

SEARCH = "{ projects(first: 5, filter: {status: PUBLISHED}) { nodes { id title } } }"
PERSONS = "{ persons(first: 5) { nodes { id name } } }"
REGISTER = """
mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"""
ERASE = "mutation Erase($person: ID!) { erasePerson(personId: $person) { id } }"
ERASURE = "erasureRequest(id: {id}) {{ done completedServices {{ service }} }}"


@dataclass(frozen=True)
class Answer:
    kind: str
    """`read` or `write`."""
    at: float
    """When it was sent (time.monotonic)."""
    seconds: float
    error: str | None


@dataclass
class Traffic:
    platform: PlatformUnderTest
    clients: int = 2
    pause: float = 0.2
    """Seconds each client waits between two rounds (one read of each kind, one write)."""
    answers: list[Answer] = field(default_factory=list)
    erasures: list[str] = field(default_factory=list)
    """The erasure requests the writes opened, in order."""

    def __post_init__(self) -> None:
        self.programme = self.platform.demo_token("programme-lena", Role.PROGRAMME)
        self.municipality = str(demo_id("municipality", next(iter(MUNICIPALITIES))))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Traffic]:
        """The clients run for as long as the block does."""
        stop = asyncio.Event()
        async with httpx.AsyncClient(timeout=60) as http:
            clients = [asyncio.create_task(self._client(http, stop)) for _ in range(self.clients)]
            try:
                yield self
            finally:
                stop.set()
                await asyncio.gather(*clients)

    def failures(self, kind: str | None = None) -> list[str]:
        return [a.error for a in self.answers if a.error and kind in (None, a.kind)]

    def count(self, kind: str, since: float = 0.0) -> int:
        return sum(1 for a in self.answers if a.kind == kind and a.at >= since)

    async def wait_for(self, writes: int, since: float = 0.0, timeout: float = 120) -> None:
        """Until `writes` writes have been answered since `since`."""

        async def answered() -> int:
            return self.count("write", since)

        await eventually(answered, lambda n: n >= writes, timeout=timeout, interval=0.1)

    async def erasure_states(
        self, erasures: list[str] | None = None
    ) -> dict[str, list[str] | None]:
        """Per erasure (by default all these clients opened): the services that confirmed it
        as people recorded them once it is done, None while it is not."""
        wanted = self.erasures if erasures is None else erasures
        states: dict[str, list[str] | None] = {}
        async with httpx.AsyncClient(timeout=60) as http:
            # one document per 25 erasures, an alias each: the gateway allows 30 aliases
            for start in range(0, len(wanted), 25):
                chunk = wanted[start : start + 25]
                fields = " ".join(
                    f"e{i}: " + ERASURE.format(id=json.dumps(e)) for i, e in enumerate(chunk)
                )
                data = await self._post(http, f"{{ {fields} }}", self.programme)
                for i, erasure in enumerate(chunk):
                    found = data[f"e{i}"]
                    states[erasure] = (
                        sorted(c["service"] for c in found["completedServices"])
                        if found["done"]
                        else None
                    )
        return states

    async def undone(self) -> list[str]:
        """The erasures not done yet."""
        return [e for e, confirmed in (await self.erasure_states()).items() if confirmed is None]

    async def _client(self, http: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._timed("read", self._post(http, SEARCH, None))
            await self._timed("read", self._post(http, PERSONS, self.programme))
            await self._timed("write", self._write(http))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.pause)

    async def _write(self, http: httpx.AsyncClient) -> None:
        person = {
            "name": "Fault Probe",
            "email": f"probe-{uuid.uuid4().hex[:12]}@example.org",
            "roles": ["MENTOR"],
            "municipalityIds": [self.municipality],
        }
        data = await self._post(http, REGISTER, self.programme, input=person)
        person_id = data["registerPerson"]["id"]
        data = await self._post(http, ERASE, self.programme, person=person_id)
        self.erasures.append(data["erasePerson"]["id"])

    async def _timed(self, kind: str, call: Any) -> None:
        started = time.monotonic()
        error: str | None = None
        try:
            await call
        except (httpx.HTTPError, GatewayError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        self.answers.append(Answer(kind, started, time.monotonic() - started, error))

    async def _post(
        self, http: httpx.AsyncClient, query: str, token: str | None, **variables: object
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        answer = await http.post(
            self.platform.gateway_url,
            json={"query": query, "variables": variables},
            headers=headers,
        )
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if answer.status_code != 200 or body.get("errors") or not body.get("data"):
            raise GatewayError(f"{answer.status_code}: {answer.text[:400]}")
        data: dict[str, Any] = body["data"]
        return data


class GatewayError(Exception):
    """The gateway answered, but not with data and without errors."""
