"""Starting `lokal` processes from a test and watching them from outside, as an operator would."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

import testbed
from lokal_kit.testing.waiting import eventually

LOKAL = str(Path(sys.executable).parent / "lokal")
SUPPORT_PATHS = (
    str(Path(testbed.__file__).resolve().parents[1]),
    str(Path(testbed.__file__).resolve().parents[3] / "libs" / "kit" / "tests"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a service process: the test's, the support packages, and `extra`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOKAL_")}
    path = os.pathsep.join(p for p in (*SUPPORT_PATHS, base.get("PYTHONPATH", "")) if p)
    return {**base, "PYTHONPATH": path, **extra}


@dataclass
class LokalProcess:
    process: asyncio.subprocess.Process
    log: Path
    base_url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    async def wait(self, timeout: float = 60) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def readiness(self) -> tuple[int, dict[str, object]]:
        """(status, body) of /readyz; (0, {}) when nothing answers."""
        try:
            async with httpx.AsyncClient(base_url=self.base_url, timeout=5) as client:
                answer = await client.get("/readyz")
        except httpx.TransportError:
            return 0, {}
        return answer.status_code, answer.json()

    async def wait_ready(self, timeout: float = 60) -> None:
        async def probe() -> int:
            if self.process.returncode is not None:
                raise AssertionError(f"exited with {self.process.returncode}:\n{self.output()}")
            return (await self.readiness())[0]

        await eventually(probe, lambda status: status == 200, timeout=timeout, interval=0.1)

    async def metrics(self) -> str:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=5) as client:
            return (await client.get("/metrics")).text

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


async def start_lokal(
    args: list[str], env: Mapping[str, str], log: Path, port: int
) -> LokalProcess:
    handle = log.open("ab")
    process = await asyncio.create_subprocess_exec(
        LOKAL, *args, env=process_env(env), stdout=handle, stderr=handle
    )
    handle.close()
    return LokalProcess(process, log, f"http://127.0.0.1:{port}")


async def stop_all(processes: list[LokalProcess]) -> None:
    for running in processes:
        if running.process.returncode is None:
            running.process.kill()
            await running.process.wait()


async def run_lokal(*args: str, env: Mapping[str, str] | None = None) -> tuple[int, str]:
    """Run a `lokal` command to its end: (exit code, output)."""
    process = await asyncio.create_subprocess_exec(
        LOKAL,
        *args,
        env=process_env({"LOKAL_ENVIRONMENT": "test", **(env or {})}),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 300)
    return process.returncode or 0, output.decode()
