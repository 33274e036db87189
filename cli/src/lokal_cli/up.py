"""`lokal up`, `lokal down`, `lokal restart`: the distributed topology as plain processes.

On one machine, against an existing PostgreSQL (one database per service, created if missing,
migrated) and RabbitMQ: per service its API process(es) and worker process(es),
plus the gateway over HTTP. Every service process is configured only through
its environment, exactly as a container would be. What runs where (pids,
ports, logs, commands and environments) is kept in the run directory, which
`lokal down` reads to stop it all gracefully and `lokal restart` to start one again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import asyncpg
import typer
from sqlalchemy.engine import make_url

from lokal_cli.registry import installed_services
from lokal_cli.serve import resolve_entry
from lokal_cli.topology import (
    Launched,
    RunState,
    Topology,
    gateway_command,
    spawn,
    stop_processes,
    wait_ready,
)
from lokal_kit.auth.tokens import development_keys

log = logging.getLogger(__name__)

RunDir = Annotated[
    Path, typer.Option(help="Where pids, ports, logs and the development key are kept.")
]
DEFAULT_RUN_DIR = Path("var/up")


def _replicas(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        name, _, count = value.partition("=")
        if not count.isdigit() or int(count) < 1:
            raise typer.BadParameter(
                f"{value!r}: write SERVICE=N with N >= 1", param_hint="--replicas"
            )
        counts[name] = int(count)
    return counts


def up(
    services: Annotated[
        list[str] | None,
        typer.Argument(help="Services to run (default: all installed); module:ENTRY works too."),
    ] = None,
    run_dir: RunDir = DEFAULT_RUN_DIR,
    postgres_url: Annotated[
        str, typer.Option(envvar="LOKAL_UP_POSTGRES_URL", help="Server to create databases on.")
    ] = "postgresql://root@127.0.0.1:5432/postgres",
    amqp_url: Annotated[str, typer.Option(envvar="LOKAL_UP_AMQP_URL", help="RabbitMQ.")] = (
        "amqp://guest:guest@127.0.0.1:5672/"
    ),
    namespace: Annotated[str, typer.Option(help="Prefix of exchanges and queues.")] = "lokal",
    database_prefix: Annotated[str, typer.Option(help="Databases are PREFIX<service>.")] = "lokal_",
    replicas: Annotated[
        list[str] | None,
        typer.Option(help="SERVICE=N: N API and N worker processes (repeatable)."),
    ] = None,
    port: Annotated[int, typer.Option(help="Gateway port (0: any free one).")] = 8080,
    base_port: Annotated[
        int, typer.Option(help="First port of the service processes (0: any free ones).")
    ] = 8100,
    gateway: Annotated[bool, typer.Option(help="Start the gateway in front.")] = True,
    seed: Annotated[bool, typer.Option(help="Load the demo data once all is ready.")] = True,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for readiness.")] = 120.0,
) -> None:
    """Start every service's API and worker, and the gateway, as separate processes."""
    state = RunState(run_dir)
    if state.running():
        raise typer.BadParameter(f"already up in {run_dir}; run `lokal down` first")
    names = services or list(installed_services())
    counts = _replicas(replicas or [])
    unknown = set(counts) - {resolve_entry(n).name for n in names}
    if unknown:
        raise typer.BadParameter(f"not started here: {', '.join(sorted(unknown))}")
    topology = Topology(
        run_dir=run_dir.resolve(),
        amqp_url=amqp_url,
        namespace=namespace,
        base_port=base_port,
        public_key=_development_key(run_dir),
    )
    plan = Plan(names, counts, postgres_url, database_prefix, port, gateway, seed, timeout)
    try:
        asyncio.run(_up(topology, state, plan))
    except Exception as exc:
        typer.echo(f"lokal up failed: {exc}", err=True)
        asyncio.run(stop_processes(state.load(), grace=10))
        state.clear()
        raise typer.Exit(1) from exc
    for process in state.load():
        typer.echo(f"{process.name:<28} pid {process.pid:<8} {process.url}")
    typer.echo(f"logs in {run_dir / 'logs'}; stop with `lokal down --run-dir {run_dir}`")


@dataclass(frozen=True)
class Plan:
    names: list[str]
    replicas: dict[str, int]
    postgres_url: str
    database_prefix: str
    gateway_port: int
    gateway: bool
    seed: bool
    timeout: float


async def _up(topology: Topology, state: RunState, plan: Plan) -> None:
    from lokal_kit.migrations import upgrade  # alembic: only in the processes that migrate

    services = []
    for name in plan.names:
        entry = resolve_entry(name)
        database = f"{plan.database_prefix}{entry.name}"
        await _create_database(plan.postgres_url, database)
        url = _database_url(plan.postgres_url, database)
        runtime = entry.bootstrap(entry.settings_class(database_url=url))
        await upgrade(runtime.database, runtime.migrations)
        await runtime.database.dispose()
        services.append((name, entry.name, url))
    launched: list[Launched] = []
    for spec, name, url in services:
        for process in topology.service_processes(spec, name, url, plan.replicas.get(name, 1)):
            launched.append(process)
            state.save(launched)
    # workers are ready once their queues exist, so no seeded event goes past a consumer
    await wait_ready(launched, plan.timeout)
    if plan.seed:
        for spec, _, url in services:
            entry = resolve_entry(spec)
            runtime = entry.bootstrap(entry.settings_class(database_url=url))
            if runtime.seed is not None:
                await runtime.seed()
            await runtime.database.dispose()
    if plan.gateway:
        port = plan.gateway_port or topology.port()
        command = gateway_command(port)
        if command is None:
            log.warning("no `lokal gateway` command here; the subgraphs run without a gateway")
            return
        process = topology.gateway_process(command, port, launched)
        launched.append(process)
        state.save(launched)
        await wait_ready([process], plan.timeout)


async def _create_database(postgres_url: str, name: str) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def _database_url(server_url: str, database: str) -> str:
    """The SQLAlchemy URL of `database` on the server that `server_url` names."""
    server = make_url(server_url)
    return server.set(drivername="postgresql+asyncpg", database=database).render_as_string(
        hide_password=False
    )


def _development_key(run_dir: Path) -> Path:
    """Created once here, so that the processes starting together never race to create it."""
    development_keys(run_dir.resolve())
    return run_dir.resolve() / "dev-jwt" / "public.pem"


def down(
    run_dir: RunDir = DEFAULT_RUN_DIR,
    grace: Annotated[float, typer.Option(help="Seconds before a process is killed.")] = 30.0,
) -> None:
    """Stop what `lokal up` started: SIGTERM, then SIGKILL for what is still running after grace."""
    state = RunState(run_dir)
    processes = state.load()
    if not processes:
        typer.echo(f"nothing running from {run_dir}")
        return
    killed = asyncio.run(stop_processes(processes, grace=grace))
    state.clear()
    for process in processes:
        how = "killed after the grace period" if process.pid in killed else "stopped"
        typer.echo(f"{process.name:<28} {how}")
    if killed:
        raise typer.Exit(1)


def restart(
    name: Annotated[str, typer.Argument(help="A process as `lokal up` listed it: people-api-1.")],
    run_dir: RunDir = DEFAULT_RUN_DIR,
    grace: Annotated[float, typer.Option(help="Seconds before a running one is killed.")] = 30.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for readiness.")] = 120.0,
) -> None:
    """Start one process of `lokal up` again, with the command and environment it had.

    A process still running is stopped first (SIGTERM, then SIGKILL after grace), one that
    died is just started.
    """
    state = RunState(run_dir)
    processes = state.load()
    names = [process.name for process in processes]
    if name not in names:
        listed = ", ".join(names) or "none"
        raise typer.BadParameter(f"not started from {run_dir} (there: {listed})", param_hint=name)
    position = names.index(name)
    asyncio.run(stop_processes([processes[position]], grace=grace))
    processes[position] = started = spawn(processes[position])
    state.save(processes)
    try:
        asyncio.run(wait_ready([started], timeout))
    except RuntimeError as exc:
        typer.echo(f"lokal restart failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{started.name:<28} pid {started.pid:<8} {started.url}")
