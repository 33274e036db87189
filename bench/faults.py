"""The broker away for 30 s while clients keep using the whole platform through its gateway.

    uv run python bench/faults.py [--clients 20] [--outage 30] [--before 15] [--after 15]

Starts the distributed platform (`lokal up`) with RabbitMQ behind a proxy it cuts, runs
`--clients` clients that each read (the anonymous project search, the programme team's list
of persons) and write (register a Projektpat*in, erase them: one erasure sets every service's
worker going) without pause, before, during and after the outage. It prints per phase the
answers, the failures and the latencies, how many events waited in the outboxes at the end of
the outage, how long after the broker came back the last erasure was done, and whether every
event arrived exactly once (each consumer's inbox against every outbox; each erasure confirmed
once by each service). The CI variant is tests/faults/test_platform_faults.py (10 s, 2 clients).

Uses the PostgreSQL and RabbitMQ the tests use (LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL,
else the local defaults); its databases and queues are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "support"))

from testbed.audit import EventAudit
from testbed.platform import SERVICES, distributed_platform, proxied
from testbed.traffic import Answer, Traffic

from lokal_kit.testing.servers import find_postgres, find_rabbitmq
from lokal_kit.testing.waiting import eventually

CONFIRMING = ("projects", "matching", "learning")


def quantiles(answers: list[Answer]) -> str:
    if len(answers) < 2:
        return "-"
    cuts = statistics.quantiles([a.seconds * 1000 for a in answers], n=100)
    return f"p50 {cuts[49]:7.1f} ms  p95 {cuts[94]:7.1f} ms  p99 {cuts[98]:7.1f} ms"


def report(name: str, answers: list[Answer], seconds: float) -> None:
    for kind in ("read", "write"):
        mine = [a for a in answers if a.kind == kind]
        failed = sum(1 for a in mine if a.error)
        rate = len(mine) / seconds if seconds else 0.0
        print(
            f"  {name:<8} {kind:<5} {len(mine):6d} answers {rate:7.1f}/s  {failed:4d} failed  "
            f"{quantiles([a for a in mine if not a.error])}"
        )


async def run(args: argparse.Namespace) -> None:
    postgres, amqp = await find_postgres(), await find_rabbitmq()
    if postgres.url is None or amqp.url is None:
        sys.exit(f"needs PostgreSQL and RabbitMQ: {postgres.why_not} {amqp.why_not}")
    with tempfile.TemporaryDirectory(prefix="lokal-faults-") as scratch:
        print("starting the platform (lokal up) ...", flush=True)
        async with (
            proxied(amqp.url, 5672) as (broker, amqp_url),
            distributed_platform(
                Path(scratch) / "run", postgres_url=postgres.url, amqp_url=amqp_url
            ) as platform,
        ):
            audit = EventAudit(postgres.url, platform.database_prefix, SERVICES)
            traffic = Traffic(platform, clients=args.clients, pause=0.0)
            workers = [p["name"] for p in platform.processes if p["role"] == "worker"]

            async def since_restore(probe: Any, accept: Any) -> float:
                await eventually(probe, accept, timeout=600, interval=1.0)
                return time.monotonic() - restored

            async def outage_backlog() -> list[str]:
                """What was opened before the broker's return and is not done yet; asking for
                those only, so that watching loads the platform less as the backlog shrinks."""
                states = await traffic.erasure_states(backlog)
                backlog[:] = [e for e, confirmed in states.items() if confirmed is None]
                return backlog

            def not_any(left: list[str]) -> bool:
                return not left

            async with traffic.running():
                started = time.monotonic()
                await asyncio.sleep(args.before)
                broker.cut()
                cut = time.monotonic()
                await asyncio.sleep(args.outage)
                waiting = await audit.pending()
                backlog = list(traffic.erasures)
                opened_before = len(backlog)
                broker.restore()
                restored = time.monotonic()
                ready = asyncio.create_task(
                    since_restore(platform.readiness, lambda s: all(s[w] == 200 for w in workers))
                )
                caught_up = asyncio.create_task(since_restore(outage_backlog, not_any))
                await asyncio.sleep(args.after)
            stopped = time.monotonic()
            await eventually(traffic.undone, lambda undone: not undone, timeout=600, interval=0.5)
            drained = time.monotonic() - stopped
            missing = await eventually(audit.undelivered, lambda m: not m, timeout=60)
            doubled = {}
            for service in CONFIRMING:
                announced = await audit.announced(service, f"{service}.erasure.completed.v1")
                doubled[service] = sum(1 for e in traffic.erasures if announced[e] != 1)
            recovered, backlog_done = await ready, await caught_up

        phases = {
            "before": (started, cut),
            "outage": (cut, restored),
            "after": (restored, stopped),
        }
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"\n{args.clients} clients; broker cut for {args.outage:g} s; load average {load}")
        for name, (begin, end) in phases.items():
            report(name, [a for a in traffic.answers if begin <= a.at < end], end - begin)
        print(f"  events waiting in the outboxes at the end of the outage: {waiting}")
        print(
            f"  erasures opened: {len(traffic.erasures)}, {opened_before} of them before the return"
        )
        print(f"  workers ready again {recovered:.1f} s after the broker came back")
        print(f"  erasures opened before the return all done {backlog_done:.1f} s after it")
        print(f"  the last erasure done {drained:.1f} s after the clients stopped")
        print(f"  consumers missing events: {missing or 'none'}")
        print(f"  erasures not confirmed exactly once: {doubled}")
        failures = traffic.failures()
        if failures:
            print(f"  first failures: {failures[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--outage", type=float, default=30.0, help="seconds without RabbitMQ")
    parser.add_argument("--before", type=float, default=15.0, help="seconds of traffic before")
    parser.add_argument("--after", type=float, default=15.0, help="seconds of traffic after")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
