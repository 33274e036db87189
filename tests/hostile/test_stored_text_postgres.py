"""The hostile strings of test_abuse in the distributed mode: stored in PostgreSQL verbatim.

SQL injection matters most where production keeps its data; U+0000, which PostgreSQL cannot
store in text, is refused as the client's mistake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testbed.hostile_text import HOSTILE, REGISTER, stored_verbatim
from testbed.platform import distributed_platform

from lokal_kit.auth.principal import Role


@pytest.mark.postgres
@pytest.mark.rabbitmq
async def test_sql_and_html_are_stored_verbatim_in_postgresql(
    tmp_path: Path, postgres_server: str, amqp_url: str
) -> None:
    """The distributed mode: the same strings in PostgreSQL, and U+0000, which it cannot store."""
    # the strings only touch the projects service: the others need not start
    async with distributed_platform(
        tmp_path / "run",
        postgres_url=postgres_server,
        amqp_url=amqp_url,
        services=["projects"],
        seed=False,
    ) as platform:
        for number, payload in enumerate(HOSTILE):
            await stored_verbatim(platform, f"0325{number:04d}", payload)
        programme = platform.client(platform.token(roles=[Role.PROGRAMME]))
        status, body = await programme.raw(
            REGISTER, input={"ags": "03260000", "name": "Gör\x00litz", "kind": "CITY"}
        )
    assert status == 200
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "serviceName": "projects"}
