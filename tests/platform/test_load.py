"""The load benchmark's short variant: ten users for ten seconds, and not one error.

`bench/load.py` runs the same mix at full size and prints the figures; here only errors
count, never time (the machine is shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testbed.load import POOL_SIZE, logged_errors, run_load
from testbed.platform import distributed_platform


@pytest.mark.postgres
@pytest.mark.rabbitmq
async def test_the_platform_answers_a_mixed_load_without_an_error(
    tmp_path: Path, postgres_server: str, amqp_url: str
) -> None:
    async with distributed_platform(
        tmp_path / "run",
        postgres_url=postgres_server,
        amqp_url=amqp_url,
        env={"LOKAL_DATABASE_POOL_SIZE": str(POOL_SIZE)},
    ) as platform:
        report = await run_load(platform, clients=10, duration=10, think=0.5)
        print(report.table())
        assert report.errors == 0, f"{report.table()}\n{logged_errors(tmp_path / 'run' / 'logs')}"
    # every kind of user got through, and some writes
    done = {stats.name for stats in report.operations}
    assert {"search", "maker dashboard", "candidates"} <= done, done
    assert done & {"update details", "update profile", "apply as maker"}, done
