"""`lokal up` / `lokal down` on a test service: replicas compete, each event applies once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

import httpx
from ledger_service import effect_counts
from prometheus_client.parser import text_string_to_metric_families
from testbed.processes import run_lokal as lokal

from lokal_kit.db import Database
from lokal_kit.testing.servers import sqlalchemy_url
from lokal_kit.testing.waiting import eventually

from .conftest import LEDGER


def consumed(metrics: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "lokal_events_consumed_total" and sample.labels["outcome"] == "applied"
    )


async def test_up_runs_replicas_that_compete_and_down_stops_them(
    tmp_path: Path,
    postgres_server: str,
    amqp_url: str,
    namespace: str,
    database_prefix: str,
) -> None:
    run_dir = tmp_path / "run"
    await _up_ledger(
        run_dir, postgres_server, amqp_url, namespace, database_prefix, "--replicas", "ledger=2"
    )
    state = json.loads((run_dir / "state.json").read_text())["processes"]
    roles = sorted((p["role"], p["name"]) for p in state)
    assert roles == [
        ("api", "ledger-api-1"),
        ("api", "ledger-api-2"),
        ("worker", "ledger-worker-1"),
        ("worker", "ledger-worker-2"),
    ]
    api_url = next(p for p in state if p["role"] == "api")
    workers = [p for p in state if p["role"] == "worker"]
    database = Database(sqlalchemy_url(postgres_server, f"{database_prefix}ledger"))
    try:
        await _record_entries(api_url["port"], 200)
        counts = await eventually(
            lambda: effect_counts(database), lambda c: sum(c.values()) >= 200, timeout=90
        )
        await asyncio.sleep(1.0)  # an event applied twice would show up now
        assert await effect_counts(database) == counts
        assert len(counts) == 200
        assert set(counts.values()) == {1}

        async with httpx.AsyncClient() as client:
            shares = [
                consumed((await client.get(f"http://127.0.0.1:{w['port']}/metrics")).text)
                for w in workers
            ]
        assert sum(shares) == 200
        assert all(share > 0 for share in shares), f"both replicas take work: {shares}"
    finally:
        await database.dispose()
        code, output = await lokal("down", "--run-dir", str(run_dir))
    assert code == 0, output
    assert output.count("stopped") == 4, output
    assert not (run_dir / "state.json").exists()
    assert all(_gone_after_a_clean_stop(process) for process in state)


async def _up_ledger(
    run_dir: Path,
    postgres_url: str,
    amqp_url: str,
    namespace: str,
    database_prefix: str,
    *options: str,
) -> None:
    """`lokal up` of the ledger service alone (no gateway, no seed) in this test's namespace."""
    code, output = await lokal(
        "up", LEDGER, "--run-dir", str(run_dir), "--base-port", "0", "--namespace", namespace,
        "--database-prefix", database_prefix, "--postgres-url", postgres_url,
        "--amqp-url", amqp_url, "--no-gateway", "--no-seed", *options,
    )  # fmt: skip
    assert code == 0, output


async def _record_entries(port: object, count: int) -> None:
    """`count` entries through the ledger API on `port`, each an event for its worker."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for amount in range(count):
            answer = await client.post(
                "/graphql",
                json={"query": f"mutation {{ recordEntry(amount: {amount}) {{ id }} }}"},
            )
            assert answer.status_code == 200, answer.text


def _gone_after_a_clean_stop(process: dict[str, str]) -> bool:
    proc = Path(f"/proc/{process['pid']}")
    gone = not proc.exists() or "State:\tZ" in (proc / "status").read_text()
    return gone and "stopped" in Path(process["log"]).read_text()


async def test_restart_starts_one_process_again_as_up_started_it(
    tmp_path: Path,
    postgres_server: str,
    amqp_url: str,
    namespace: str,
    database_prefix: str,
) -> None:
    run_dir = tmp_path / "run"
    await _up_ledger(run_dir, postgres_server, amqp_url, namespace, database_prefix)
    before = {p["name"]: p for p in json.loads((run_dir / "state.json").read_text())["processes"]}
    database = Database(sqlalchemy_url(postgres_server, f"{database_prefix}ledger"))
    try:
        os.kill(before["ledger-worker-1"]["pid"], signal.SIGKILL)
        code, output = await lokal("restart", "ledger-worker-1", "--run-dir", str(run_dir))
        assert code == 0, output
        code, output = await lokal("restart", "ledger-api-1", "--run-dir", str(run_dir))
        assert code == 0, output
        after = {
            p["name"]: p for p in json.loads((run_dir / "state.json").read_text())["processes"]
        }
        for name in ("ledger-api-1", "ledger-worker-1"):
            assert after[name]["pid"] != before[name]["pid"]
            assert {**after[name], "pid": 0} == {**before[name], "pid": 0}
        assert "stopped" in _log(before["ledger-api-1"]), "a running one is stopped first"

        # the new processes have the old ones' database, broker namespace and port
        await _record_entries(after["ledger-api-1"]["port"], 5)
        counts = await eventually(
            lambda: effect_counts(database), lambda c: sum(c.values()) >= 5, timeout=60
        )
        assert sorted(counts.values()) == [1] * 5
    finally:
        await database.dispose()
        code, output = await lokal("down", "--run-dir", str(run_dir))
    assert code == 0, output


def _log(process: dict[str, str]) -> str:
    return Path(process["log"]).read_text()
