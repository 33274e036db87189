"""Demo data of the embedded mode.

Matching owns no demo facts of its own: its read models fill from people's and
projects' demo events. Once they have, seeding makes the first matching run, as the
programme team would (idempotent: only while no run exists).
"""

from __future__ import annotations

from lokal_contracts.demo import demo_id
from lokal_kit.auth import Principal, Role
from lokal_matching.service.runs import start_run
from lokal_matching.service.uow import Matching

PROGRAMME = Principal(
    person_id=demo_id("person", "programme-lena"), roles=frozenset({Role.PROGRAMME})
)


async def seed_demo(matching: Matching) -> bool:
    """True when it made the run."""
    async with matching.uow() as uow:
        already = await uow.runs.page(after=None, limit=1)
        ready = bool(await uow.read_models.selectable_makers()) and bool(
            await uow.read_models.open_projects()
        )
    if already or not ready:
        return False
    await start_run(matching, PROGRAMME)
    return True
