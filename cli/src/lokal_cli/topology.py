"""The processes of the distributed topology on one machine: started, watched, stopped.

Each process is `python -m lokal_cli serve|worker SERVICE` (or the gateway),
detached into its own session, its output in `<run dir>/logs/<name>.log`, and
configured only through its environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import httpx

STOP_ORDER = ("gateway", "api", "worker")
"""Requests stop arriving first; workers go last, so they relay what the APIs wrote."""


@dataclass(frozen=True)
class Launched:
    name: str
    service: str
    role: str
    pid: int
    port: int
    log: str
    command: list[str]
    env: dict[str, str]
    """What the launcher set on top of its own environment; `command` and `env` restart it."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class RunState:
    """`state.json` in the run directory: what `lokal up` started."""

    def __init__(self, run_dir: Path) -> None:
        self.file = run_dir / "state.json"

    def load(self) -> list[Launched]:
        if not self.file.exists():
            return []
        return [Launched(**item) for item in json.loads(self.file.read_text())["processes"]]

    def save(self, processes: list[Launched]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        document = {"processes": [asdict(p) for p in processes]}
        # readable by its owner only: the environments hold the database and broker URLs
        descriptor = os.open(self.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as output:
            output.write(json.dumps(document, indent=2) + "\n")

    def clear(self) -> None:
        self.file.unlink(missing_ok=True)

    def running(self) -> bool:
        return any(alive(process.pid) for process in self.load())


def alive(pid: int) -> bool:
    """Whether a `lokal` process with this pid still runs (a reused pid does not count)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False  # our child, and it has exited
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"lokal" in command


@dataclass
class Topology:
    run_dir: Path
    amqp_url: str
    namespace: str
    base_port: int
    public_key: Path
    _next_port: int = field(default=0, init=False)

    def shared_environment(self) -> dict[str, str]:
        return {
            "LOKAL_BROKER": "rabbitmq",
            "LOKAL_AMQP_URL": self.amqp_url,
            "LOKAL_EVENTS_NAMESPACE": self.namespace,
            "LOKAL_DATA_DIR": str(self.run_dir),
            "LOKAL_JWT_PUBLIC_KEY_FILE": str(self.public_key),
        }

    def service_processes(
        self, spec: str, name: str, database_url: str, replicas: int
    ) -> list[Launched]:
        """Its API replicas (sharing one port, as behind a load balancer) and its workers."""
        env = {
            **self.shared_environment(),
            f"LOKAL_{name.upper()}_DATABASE_URL": database_url,
        }
        api_port = self.port()
        launched = [
            self._spawn(
                f"{name}-api-{i + 1}",
                name,
                "api",
                ["serve", spec],
                {
                    **env,
                    "LOKAL_HTTP_HOST": "127.0.0.1",
                    "LOKAL_HTTP_PORT": str(api_port),
                    "LOKAL_HTTP_REUSE_PORT": "1" if replicas > 1 else "0",
                },
                api_port,
            )
            for i in range(replicas)
        ]
        for i in range(replicas):
            port = self.port()
            launched.append(
                self._spawn(
                    f"{name}-worker-{i + 1}",
                    name,
                    "worker",
                    ["worker", spec],
                    {**env, "LOKAL_HEALTH_HOST": "127.0.0.1", "LOKAL_HEALTH_PORT": str(port)},
                    port,
                )
            )
        return launched

    def gateway_process(self, command: list[str], port: int, launched: list[Launched]) -> Launched:
        subgraphs = {p.service: f"{p.url}/graphql" for p in launched if p.role == "api"}
        env = {
            **self.shared_environment(),
            "LOKAL_GATEWAY_SUBGRAPHS": ",".join(f"{n}={u}" for n, u in subgraphs.items()),
        }
        return self._spawn("gateway", "gateway", "gateway", command, env, port, lokal=False)

    def port(self) -> int:
        """The next port: counted up from `base_port`, or any free one when that is 0."""
        if self.base_port == 0:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                return int(sock.getsockname()[1])
        port = self.base_port + self._next_port
        self._next_port += 1
        return port

    def _spawn(
        self,
        name: str,
        service: str,
        role: str,
        args: list[str],
        env: dict[str, str],
        port: int,
        *,
        lokal: bool = True,
    ) -> Launched:
        logs = self.run_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "lokal_cli", *args] if lokal else args
        return spawn(
            Launched(name, service, role, 0, port, str(logs / f"{name}.log"), command, env)
        )


def spawn(process: Launched) -> Launched:
    """Start `process`'s command with its environment, appending to its log: the new pid."""
    with Path(process.log).open("ab") as output:
        started = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            process.command,
            env={**os.environ, **process.env},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            # its own session: a Ctrl-C at the terminal of `lokal up` does not reach it
            start_new_session=True,
        )
    return replace(process, pid=started.pid)


def gateway_command(port: int) -> list[str] | None:
    """How the gateway process starts (`lokal gateway serve`), or None where there is none.

    The gateway reads the subgraphs' URLs from LOKAL_GATEWAY_SUBGRAPHS (`name=URL,…`)
    and composes the supergraph from what they answer at its start.
    """
    if importlib.util.find_spec("lokal_cli.gateway") is None:
        return None
    return [
        sys.executable, "-m", "lokal_cli", "gateway", "serve",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip


async def wait_ready(processes: list[Launched], timeout: float) -> None:
    """Until every process answers /readyz with 200; fails early when one exits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    waiting = list(processes)
    async with httpx.AsyncClient(timeout=2) as client:
        while waiting:
            for process in list(waiting):
                if not alive(process.pid):
                    raise RuntimeError(f"{process.name} exited:\n{_tail(process.log)}")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{process.url}/readyz")).status_code == 200:
                        waiting.remove(process)
            if waiting and loop.time() > deadline:
                names = ", ".join(p.name for p in waiting)
                raise RuntimeError(f"not ready within {timeout}s: {names}")
            await asyncio.sleep(0.2)


async def stop_processes(processes: list[Launched], *, grace: float) -> set[int]:
    """SIGTERM role by role (gateway, APIs, workers); SIGKILL what outlives `grace`."""
    killed: set[int] = set()
    for role in STOP_ORDER:
        group = [p for p in processes if p.role == role and alive(p.pid)]
        for process in group:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
        await _until_gone(group, grace)
        for process in group:
            if alive(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGKILL)
                killed.add(process.pid)
    return killed


async def _until_gone(group: list[Launched], grace: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    while True:
        if not any(alive(p.pid) for p in group) or loop.time() >= deadline:
            return
        await asyncio.sleep(0.1)


def _tail(log: str, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    return ""
