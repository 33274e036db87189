"""Memory of every process of the distributed topology: RSS idle after start-up and after a burst.

    uv run python bench/memory.py                      # every installed service, gateway in front
    uv run python bench/memory.py --requests 2000      # a bigger burst
    uv run python bench/memory.py testbed.ledger:ENTRY  # the kit's test service

Starts the topology with `lokal up` against the PostgreSQL and RabbitMQ the tests use
(LOKAL_TEST_POSTGRES_URL / LOKAL_TEST_AMQP_URL, else the local defaults), in a namespace and
under a database prefix of its own that are removed afterwards, waits until every process is
ready and idle, reads each process's resident set size from /proc, sends a burst of GraphQL
requests to every API (and the gateway) with a few in flight at a time, lets the processes
settle, reads RSS again, and stops everything with `lokal down`.
The goal is under 150 MB per service process.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "support"), str(ROOT / "libs" / "kit" / "tests")]

from testbed.platform import SERVICES, distributed_platform  # noqa: E402

from lokal_kit.testing.servers import find_postgres, find_rabbitmq  # noqa: E402

GOAL_MB = 150.0
QUERIES = (
    # every subgraph answers these: federation's SDL and the root type name
    {"query": "query Sdl { _service { sdl } }"},
    {"query": "query Name { __typename }"},
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


async def burst(urls: list[str], requests: int, concurrency: int) -> dict[str, float]:
    """Requests per second each URL answered."""
    rates = {}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        for url in urls:
            semaphore = asyncio.Semaphore(concurrency)

            async def one(i: int, url: str = url, semaphore: asyncio.Semaphore = semaphore) -> None:
                async with semaphore:
                    answer = await client.post(url, json=QUERIES[i % len(QUERIES)])
                    answer.raise_for_status()

            started = time.perf_counter()
            await asyncio.gather(*(one(i) for i in range(requests)))
            rates[url] = requests / (time.perf_counter() - started)
    return rates


async def measure(options: argparse.Namespace) -> None:
    postgres, rabbitmq = await find_postgres(), await find_rabbitmq()
    if postgres.url is None or rabbitmq.url is None:
        raise SystemExit(f"needs PostgreSQL and RabbitMQ: {postgres.why_not} {rabbitmq.why_not}")
    with tempfile.TemporaryDirectory(prefix="lokal-memory-") as tmp:
        async with distributed_platform(
            Path(tmp) / "run",
            postgres_url=postgres.url,
            amqp_url=rabbitmq.url,
            services=options.services or SERVICES,
        ) as platform:
            processes = platform.processes
            await asyncio.sleep(options.settle)
            idle = {p["name"]: rss_mb(p["pid"]) for p in processes}
            targets = sorted({f"{_url(p)}/graphql" for p in processes if p["role"] != "worker"})
            rates = await burst(targets, options.requests, options.concurrency)
            await asyncio.sleep(options.settle)
            after = {p["name"]: rss_mb(p["pid"]) for p in processes}

    print(f"RSS per process (MB), idle after start-up and after {options.requests} requests")
    print(f"per API at concurrency {options.concurrency}; goal < {GOAL_MB:.0f} MB per process\n")
    print(f"{'process':<28}{'after start':>12}{'after burst':>13}{'req/s':>9}  goal")
    for p in processes:
        url = f"{_url(p)}/graphql"
        rate = f"{rates[url]:.0f}" if url in rates else "-"
        within = "ok" if after[p["name"]] < GOAL_MB else "OVER"
        print(
            f"{p['name']:<28}{idle[p['name']]:>12.1f}{after[p['name']]:>13.1f}{rate:>9}  {within}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="*", help="default: every installed service")
    parser.add_argument("--requests", type=int, default=1000, help="per API, default 1000")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--settle", type=float, default=3.0, help="idle seconds before a reading")
    asyncio.run(measure(parser.parse_args()))


def _url(process: dict[str, object]) -> str:
    return f"http://127.0.0.1:{process['port']}"


if __name__ == "__main__":
    main()
