"""Our federation gateway against the reference gateway (Hive Gateway), in the same run.

    uv run python bench/gateway.py                        # the four services on PostgreSQL
    uv run python bench/gateway.py --subgraphs miniature  # the gateway's test subgraphs

Starts every subgraph as its own process (the services: migrated and seeded PostgreSQL
databases, events through RabbitMQ until the seed has settled), composes the supergraph,
starts both gateways as processes, checks they answer every operation alike, then drives a
fixed mix of operations through each with the same load generator (autocannon): identical
requests (in-flight de-duplication helps) and varied variables (it does not). Prints
throughput, p50/p99 latency and the ratio, and the latency a plan-cached single-subgraph
query adds over asking the subgraph directly.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from lokal_gateway.composition.compose import SubgraphSource, compose
from lokal_gateway.testing.processes import LOKAL, start_subgraphs
from lokal_gateway.testing.serving import free_port

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "gateway" / "reference"


@dataclass(frozen=True)
class Mix:
    """One operation of the benchmark, with the variables its varied requests take turns with."""

    name: str
    platform: str
    query: str
    variables: Callable[[random.Random, Ids], dict[str, Any]]
    single_subgraph: str | None = None
    """The subgraph that answers it alone (for the direct-latency comparison)."""
    needs: frozenset[str] = frozenset()

    def bodies(self, ids: Ids, *, varied: bool, count: int = 200) -> list[str]:
        chance = random.Random(11)
        if not varied:
            return [json.dumps({"query": self.query, "variables": self.variables(chance, ids)})]
        return [
            json.dumps({"query": self.query, "variables": self.variables(chance, ids)})
            for _ in range(count)
        ]


Ids = dict[str, list[str]]
STATUSES = ("DRAFT", "PUBLISHED", "STAFFED", None)
MIXES = [
    Mix(
        "projects page (1 subgraph)",
        "miniature",
        "query Page($first: Int!, $status: ProjectStatus) "
        "{ projects(first: $first, status: $status) { id title status budgetCents } }",
        lambda r, _: {"first": r.randint(1, 120), "status": r.choice(STATUSES)},
        single_subgraph="sites",
    ),
    Mix(
        "projects + municipality staff (2)",
        "miniature",
        "query Staff($first: Int!) "
        "{ projects(first: $first) { title municipality { name staff { name } } } }",
        lambda r, _: {"first": r.randint(1, 60)},
    ),
    Mix(
        "projects + team + people + cohorts (4)",
        "miniature",
        "query Teams($first: Int!) { projects(first: $first) { title municipality { name } "
        "team { role person { name skills } cohort { name startsOn } } } }",
        lambda r, _: {"first": r.randint(1, 60)},
    ),
    Mix(
        "placements with @requires (2)",
        "miniature",
        "query Shares($first: Int!) "
        "{ placements(first: $first) { role project { title costPerMemberCents } } }",
        lambda r, _: {"first": r.randint(1, 60)},
    ),
    Mix(
        "projects page (1 subgraph)",
        "services",
        "query Page($first: Int!, $status: [ProjectStatus!]) { projects(first: $first, "
        "filter: {status: $status}) { nodes { id title status plannedStart "
        "municipality { name } } } }",
        lambda r, _: {
            "first": r.randint(1, 20),
            "status": r.choice([None, ["PUBLISHED"], ["DRAFT"]]),
        },
        single_subgraph="projects",
    ),
    Mix(
        "municipalities + staff (2)",
        "services",
        "query Staff($first: Int!) { municipalities(first: $first) "
        "{ nodes { name ags staff { name roles } } } }",
        lambda r, _: {"first": r.randint(1, 20)},
    ),
    Mix(
        "person + placements + projects (3)",
        "services",
        "query Person($id: ID!) { person(id: $id) { name stage "
        "placements { state project { title municipality { name } } } } }",
        lambda r, ids: {"id": r.choice(ids["persons"])},
    ),
    Mix(
        "projects + team + names (3)",
        "services",
        "query Teams($first: Int!) { projects(first: $first) { nodes { title "
        "municipality { name } mentor { name } team { state person { name } } } } }",
        lambda r, _: {"first": r.randint(1, 20)},
    ),
    Mix(
        "projects + team + names + cohorts (4)",
        "services",
        "query Cohorts($first: Int!) { projects(first: $first) { nodes { title "
        "team { state person { name } cohort { title } } } } }",
        lambda r, _: {"first": r.randint(1, 20)},
        needs=frozenset({"learning"}),
    ),
]


def discover(url: str, headers: dict[str, str]) -> Ids:
    """Ids the varied requests pick from."""
    answer = httpx.post(
        url, json={"query": "{ persons(first: 100) { nodes { id } } }"}, headers=headers, timeout=30
    ).json()
    persons = (answer.get("data") or {}).get("persons") or {"nodes": []}
    return {"persons": [n["id"] for n in persons["nodes"]]}


@dataclass
class Figures:
    rps: float
    p50: float
    p99: float
    errors: int


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready within {timeout:g} s")


@contextlib.contextmanager
def process(args: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[None]:
    child = subprocess.Popen(  # noqa: S603
        args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL
    )
    try:
        wait_until_ready(ready, child)
        yield
    finally:
        child.terminate()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def supergraph_of(urls: dict[str, str]) -> str:
    sources = []
    for name, url in urls.items():
        answer = httpx.post(url, json={"query": "{ _service { sdl } }"}, timeout=30).json()
        sources.append(SubgraphSource(name, url, answer["data"]["_service"]["sdl"]))
    return compose(sources)


def load(
    url: str, bodies: list[str], headers: dict[str, str], connections: int, duration: int
) -> Figures:
    spec = {
        "url": url,
        "connections": connections,
        "duration": duration,
        "requests": [{"body": body, "headers": headers} for body in bodies],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(spec, file)
    output = subprocess.run(  # noqa: S603
        ["node", str(REFERENCE / "load.mjs"), file.name],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    Path(file.name).unlink()
    figures = json.loads(output)
    return Figures(
        figures["rps"], figures["p50"], figures["p99"], figures["errors"] + figures["non2xx"]
    )


def check_alike(mix: Mix, ids: Ids, ours: str, reference: str, headers: dict[str, str]) -> None:
    for body in mix.bodies(ids, varied=True)[:10]:
        mine = httpx.post(ours, content=body, headers=headers, timeout=30).json()
        theirs = httpx.post(reference, content=body, headers=headers, timeout=30).json()
        if mine.get("data") != theirs.get("data"):
            raise SystemExit(f"the gateways disagree on {body[:200]}")
        if not mine.get("data"):
            raise SystemExit(f"no data for {body[:200]}: {mine.get('errors')}")


def run(args: argparse.Namespace) -> None:
    with (
        tempfile.TemporaryDirectory() as scratch,
        start_subgraphs(args.subgraphs, Path(scratch)) as platform,
    ):
        sdl = supergraph_of(platform.urls)
        supergraph = Path(scratch) / "supergraph.graphql"
        supergraph.write_text(sdl)
        ours_port, reference_port = free_port(), free_port()
        ours = f"http://127.0.0.1:{ours_port}/graphql"
        reference = f"http://127.0.0.1:{reference_port}/graphql"
        gateway_env = {
            "LOKAL_DATA_DIR": scratch,
            **platform.env,
            "LOKAL_GATEWAY_SUPERGRAPH_FILE": str(supergraph),
            "LOKAL_LOG_LEVEL": "WARNING",
        }
        hive = [
            str(REFERENCE / "node_modules" / ".bin" / "hive-gateway"),
            "supergraph",
            "--config-path",
            str(REFERENCE / "gateway.config.mjs"),
            "--host",
            "127.0.0.1",
            "--port",
            str(reference_port),
        ]
        ours_command = [LOKAL, "gateway", "serve", "--host", "127.0.0.1", "--port", str(ours_port)]
        with (
            process(ours_command, f"http://127.0.0.1:{ours_port}/livez", gateway_env),
            process(
                hive,
                f"http://127.0.0.1:{reference_port}/readiness",
                {"SUPERGRAPH_FILE": str(supergraph), "NODE_ENV": "production"},
            ),
        ):
            headers = {"content-type": "application/json", **platform.headers}
            mixes = [
                m
                for m in MIXES
                if m.platform == args.subgraphs
                and m.needs <= set(platform.urls)
                and args.only.lower() in m.name.lower()
            ]
            ids = discover(ours, headers) if args.subgraphs == "services" else {}
            for mix in mixes:
                check_alike(mix, ids, ours, reference, headers)
            report(args, mixes, ids, platform.urls, ours, reference, headers)


def report(
    args: argparse.Namespace,
    mixes: list[Mix],
    ids: Ids,
    subgraphs: dict[str, str],
    ours: str,
    reference: str,
    headers: dict[str, str],
) -> None:
    print(
        f"subgraphs: {args.subgraphs}; {args.connections} connections, {args.duration} s per run, "
        f"{args.rounds} rounds alternating the gateways"
    )
    print(
        f"{'mix':<34} {'requests':<9} {'ours rps':>9} {'ref rps':>9} {'ratio':>6} "
        f"{'ours p50/p99 ms':>16} {'ref p50/p99 ms':>15}"
    )
    for mix in mixes:
        for varied in (False, True):
            bodies = mix.bodies(ids, varied=varied)
            results: dict[str, list[Figures]] = {"ours": [], "reference": []}
            for _ in range(args.rounds):
                for name, url in (("ours", ours), ("reference", reference)):
                    results[name].append(
                        load(url, bodies, headers, args.connections, args.duration)
                    )
            mine, theirs = _median(results["ours"]), _median(results["reference"])
            print(
                f"{mix.name:<34} {'varied' if varied else 'identical':<9} {mine.rps:>9.0f} "
                f"{theirs.rps:>9.0f} {mine.rps / theirs.rps:>6.2f} "
                f"{mine.p50:>7.1f}/{mine.p99:<8.1f} {theirs.p50:>6.1f}/{theirs.p99:<8.1f}"
                + (
                    f"  errors ours={mine.errors} ref={theirs.errors}"
                    if mine.errors or theirs.errors
                    else ""
                )
            )
    single = next((m for m in mixes if m.single_subgraph), None)
    if single is None:
        return
    body = single.bodies(ids, varied=False)[0]
    direct_url = subgraphs[single.single_subgraph or ""]
    print(f"\nplan-cached single-subgraph query ({single.name}), one client, requests in turn:")
    samples = latencies({"direct": direct_url, "ours": ours, "reference": reference}, body, headers)
    direct = statistics.median(samples["direct"])
    for name, values in samples.items():
        values.sort()
        p50, p99 = statistics.median(values), values[int(len(values) * 0.99)]
        added = "" if name == "direct" else f"  adds {p50 - direct:.2f} ms at p50"
        print(f"  {name:<9} p50 {p50:.2f} ms  p99 {p99:.2f} ms{added}")


def latencies(
    urls: dict[str, str], body: str, headers: dict[str, str], count: int = 1000
) -> dict[str, list[float]]:
    """Milliseconds per request over one keep-alive connection each, the targets taking turns."""
    connections = {}
    for name, url in urls.items():
        parts = urlsplit(url)
        connections[name] = (http.client.HTTPConnection(parts.netloc), parts.path)
    samples: dict[str, list[float]] = {name: [] for name in urls}
    payload = body.encode()
    for _ in range(count):
        for name, (connection, path) in connections.items():
            started = time.perf_counter()
            connection.request("POST", path, payload, headers)
            response = connection.getresponse()
            response.read()
            samples[name].append((time.perf_counter() - started) * 1000)
    for connection, _ in connections.values():
        connection.close()
    return samples


def _median(figures: list[Figures]) -> Figures:
    return Figures(
        statistics.median(f.rps for f in figures),
        statistics.median(f.p50 for f in figures),
        statistics.median(f.p99 for f in figures),
        sum(f.errors for f in figures),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subgraphs", choices=["services", "miniature"], default="services")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", default="", help="run only the mixes whose name contains this")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
