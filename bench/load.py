"""Load on the distributed platform: concurrent users through the gateway; where the time goes.

    uv run python bench/load.py [--clients 100] [--duration 60] [--think 1.0]
                                [--replicas people=2 …] [--pool-size 4] [--profile]

Starts the platform with `lokal up` against the PostgreSQL and RabbitMQ the tests use
(LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL, else the local defaults), in a namespace and
under a database prefix of its own that are removed afterwards, with the demo data. A short
warm-up (discarded) compiles the query plans; then `--clients` virtual users (55 % anonymous
visitors searching projects, 30 % Macher*innen on their dashboard, 15 % programme staff on
candidate lists and proposals, with a trickle of writes; see `testbed.load`) each wait
0.5-1.5 × `--think` seconds between steps for `--duration` seconds.

Prints throughput, p50/p95/p99 per operation and overall, the errors (any non-200 or GraphQL
error) and the CPU each process of the platform (PostgreSQL and RabbitMQ not counted) spent
per request. With `--profile`, py-spy samples (250 Hz) the process that spent the most CPU
in the warm-up all through the run, and the top frames are printed (self time, and time
under each of our own functions).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "support"), str(ROOT / "libs" / "kit" / "tests")]

from testbed.load import POOL_SIZE, LoadReport, logged_errors, run_load  # noqa: E402
from testbed.platform import PlatformUnderTest, distributed_platform  # noqa: E402

from lokal_kit.testing.servers import find_postgres, find_rabbitmq  # noqa: E402

WARM_UP_SECONDS = 8.0
PROFILE_RATE = 250  # samples per second: the process is busy only part of the time
TICKS = os.sysconf("SC_CLK_TCK")
# py-spy's idle detection does not see an event loop waiting in epoll as idle
IDLE = ("EpollSelector.select (selectors.py",)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu_snapshot(platform: PlatformUnderTest) -> dict[str, float]:
    return {p["name"]: cpu_seconds(p["pid"]) for p in platform.processes}


def cpu_table(before: dict[str, float], after: dict[str, float], report: LoadReport) -> str:
    spent = sorted(((after[n] - before[n], n) for n in before), reverse=True)
    lines = [f"{'process':<22}{'CPU s':>8}{'CPU ms/request':>16}"]
    lines += [
        f"{name:<22}{seconds:>8.1f}{seconds * 1000 / report.overall.count:>16.1f}"
        for seconds, name in spent
    ]
    return "\n".join(lines)


async def start_profiler(pid: int, output: Path) -> asyncio.subprocess.Process:
    """py-spy sampling `pid` without pausing it, until sent SIGINT."""
    return await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "py-spy"),
        *("record", "--pid", str(pid), "--format", "raw", "--output", str(output)),
        *("--rate", str(PROFILE_RATE), "--nonblocking"),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def profile_summary(raw: Path, top: int = 20) -> str:
    """py-spy's raw output (`frame;frame;… count` per stack) as the top self and
    inclusive entries; inclusive only for our own code, where a fix would go."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        frames = stack.split(";")
        if frames[-1].startswith(IDLE):
            continue
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            if "lokal_" in frame:
                inclusive[frame] += samples
    if not total:
        return "py-spy recorded no busy samples"
    lines = [f"{total} busy samples (the event loop waiting left out); self time:"]
    lines += [f"{n * 100 / total:6.1f}%  {frame}" for frame, n in own.most_common(top)]
    lines.append("time under our own functions (inclusive):")
    lines += [f"{n * 100 / total:6.1f}%  {frame}" for frame, n in inclusive.most_common(top)]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    postgres, rabbitmq = await find_postgres(), await find_rabbitmq()
    if postgres.url is None or rabbitmq.url is None:
        raise SystemExit(f"needs PostgreSQL and RabbitMQ: {postgres.why_not} {rabbitmq.why_not}")
    replicas = dict(r.split("=", 1) for r in args.replicas)
    with tempfile.TemporaryDirectory(prefix="lokal-load-") as tmp:
        started = time.monotonic()
        async with distributed_platform(
            Path(tmp) / "run",
            postgres_url=postgres.url,
            amqp_url=rabbitmq.url,
            replicas={name: int(count) for name, count in replicas.items()},
            env={"LOKAL_DATABASE_POOL_SIZE": str(args.pool_size)},
        ) as platform:
            print(f"platform up in {time.monotonic() - started:.0f} s", flush=True)
            before = cpu_snapshot(platform)
            await run_load(
                platform, clients=min(args.clients, 20), duration=WARM_UP_SECONDS, think=0.5
            )
            warm = cpu_snapshot(platform)
            hottest = max(platform.processes, key=lambda p: warm[p["name"]] - before[p["name"]])
            spy = None
            raw = Path(tmp) / "profile.txt"
            if args.profile:
                print(f"profiling {hottest['name']} (pid {hottest['pid']})", flush=True)
                spy = await start_profiler(hottest["pid"], raw)
            report = await run_load(
                platform,
                clients=args.clients,
                duration=args.duration,
                think=args.think,
                seed=args.seed,
            )
            after = cpu_snapshot(platform)
            if spy is not None:
                spy.send_signal(signal.SIGINT)  # py-spy writes what it has and exits
                _, error = await asyncio.wait_for(spy.communicate(), 60)
            print(
                f"\nthink time {args.think} s (0.5-1.5 ×), replicas {replicas or 'none'}, "
                f"database pool {args.pool_size} (+{args.pool_size}) per process"
            )
            print(report.table())
            if report.errors:
                print(logged_errors(Path(tmp) / "run" / "logs"))
            print("\nCPU per process during the run (PostgreSQL and RabbitMQ not counted)")
            print(cpu_table(warm, after, report))
            if spy is not None:
                print(f"\nwhere {hottest['name']} spends its time (py-spy)")
                print(profile_summary(raw) if raw.exists() else f"py-spy failed: {error!r}")
    goal = report.errors == 0 and report.overall.p99 < 0.5
    print(f"\ngoal (no errors, p99 < 500 ms): {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between steps")
    parser.add_argument(
        "--replicas", action="append", default=[], metavar="SERVICE=N", help="API replicas"
    )
    parser.add_argument("--profile", action="store_true", help="py-spy on the hottest process")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=POOL_SIZE,
        help="PostgreSQL connections per process (as many again in bursts); small, for a "
        "server other tests share",
    )
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main(parser.parse_args()))
