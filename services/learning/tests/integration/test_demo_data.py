"""The embedded mode's demo data: the standard curriculum and a running cohort, seeded once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from learning_harness import PRINCIPALS, Clock
from sqlalchemy import func, select

from lokal_contracts.demo import demo_id
from lokal_kit.auth import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys
from lokal_kit.migrations import upgrade
from lokal_learning.adapters.tables import messaging, sessions
from lokal_learning.bootstrap import compose
from lokal_learning.domain.kinds import PROGRAMME_TIME_ZONE
from lokal_learning.seed import COHORT_ID, TEMPLATE_ID
from lokal_learning.settings import LearningSettings

COHORT = """
query($id: ID!) { cohort(id: $id) { title startsOn template { name isCurrent }
  sessions(first: 50) { nodes { kind title startsAt mandatory location onlineUrl
    facilitator { id } } } } }
"""


async def test_the_demo_has_a_template_and_a_running_cohort_and_seeds_once(tmp_path: Path) -> None:
    settings = LearningSettings(data_dir=tmp_path)  # SQLite, as `lokal dev` runs it
    clock = Clock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    service, _ = compose(settings, clock=clock)
    await upgrade(service.database, service.migrations)
    assert service.seed is not None
    try:
        await service.seed()
        await service.seed()

        result = await service.schema.execute(
            COHORT,
            variable_values={"id": str(COHORT_ID)},
            context_value=service.context_factory(PRINCIPALS["maker"]),
        )
        assert result.errors is None, result.errors
        async with service.database.session() as session:
            session_rows = await session.scalar(select(func.count()).select_from(sessions))
            announced = await session.scalar(
                select(func.count())
                .select_from(messaging.outbox)
                .where(messaging.outbox.c.event_type == "learning.session.scheduled.v1")
            )
    finally:
        await service.database.dispose()

    cohort = result.data["cohort"]  # type: ignore[index]
    assert (cohort["title"], cohort["startsOn"]) == ("Kohorte September 2026", "2026-09-01")
    assert cohort["template"] == {"name": "Begleitprogramm 2026", "isCurrent": True}
    nodes = cohort["sessions"]["nodes"]
    assert len(nodes) == session_rows == announced == 17
    kinds = {n["kind"] for n in nodes}
    assert kinds == {"ONBOARDING", "COACHING", "NETWORKING", "WORKSHOP"}
    starts = [datetime.fromisoformat(n["startsAt"]) for n in nodes]
    # running: some sessions are behind us, some ahead
    assert min(starts) < clock.now < max(starts)
    first_two_weeks = [
        n for n, start in zip(nodes, starts, strict=True) if start.date() < date(2026, 9, 15)
    ]
    assert {n["kind"] for n in first_two_weeks} == {"ONBOARDING"}
    assert sum(n["kind"] == "COACHING" for n in nodes) == 5
    assert nodes[-1]["title"] == "Abschluss-Showcase"
    lena = str(demo_id("person", "programme-lena"))
    assert nodes[0]["facilitator"] == {"id": lena}
    assert all(n["location"] or n["onlineUrl"] for n in nodes)
    # the demo's workshops and onboarding start at their local times, summer or winter
    local_times = {start.astimezone(PROGRAMME_TIME_ZONE).strftime("%H:%M") for start in starts}
    assert local_times == {"09:30", "10:00", "14:00", "18:00"}
    assert TEMPLATE_ID != COHORT_ID


async def test_the_embedded_platform_serves_the_subgraph_and_the_feeds(tmp_path: Path) -> None:
    from lokal_cli.embedded import EmbeddedPlatform
    from lokal_cli.registry import installed_services

    entries = {"learning": installed_services()["learning"]}
    platform = EmbeddedPlatform(data_dir=tmp_path, entries=entries)
    platform.build()
    app = platform.app()
    settings = LearningSettings(data_dir=tmp_path)
    issuer = TokenIssuer(
        development_keys(tmp_path)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    lena = demo_id("person", "programme-lena")
    headers = {"Authorization": f"Bearer {issuer.issue(lena, [Role.PROGRAMME])}"}
    graphql = "/subgraphs/learning/graphql"
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://lokal") as client:
            anonymous = await client.post(graphql, json={"query": "{ cohorts { nodes { id } } }"})
            issued = await client.post(
                graphql,
                headers=headers,
                json={
                    "query": "mutation($c: ID!) { issueCalendarToken { token"
                    " cohortFeedUrl(cohortId: $c) } }",
                    "variables": {"c": str(COHORT_ID)},
                },
            )
            access = issued.json()["data"]["issueCalendarToken"]
            feed_path = access["cohortFeedUrl"].removeprefix("http://127.0.0.1:8000")
            feed = await client.get(feed_path)
            wrong = await client.get(feed_path.replace(access["token"], "x" * 43))
            token_less = await client.get(f"/subgraphs/learning/calendar/cohorts/{COHORT_ID}.ics")
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert feed.status_code == 200
    assert feed.content.count(b"BEGIN:VEVENT") == 17
    assert wrong.status_code == 404
    assert token_less.status_code == 422
