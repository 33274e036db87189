"""The reference gateway (Hive Gateway, in gateway/reference) started against our subgraphs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from lokal_gateway.testing.serving import free_port

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "reference"
START_TIMEOUT = 90.0


def missing_reference() -> str | None:
    """Why the reference gateway cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed (the reference gateway needs Node >= 20)"
    if not (REFERENCE_DIR / "node_modules" / ".bin" / "hive-gateway").exists():
        return f"the reference gateway is not installed: run `npm ci` in {REFERENCE_DIR}"
    return None


def must_run() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@contextlib.asynccontextmanager
async def reference_gateway(supergraph_sdl: str, *, port: int | None = None) -> AsyncIterator[str]:
    """Hive Gateway serving `supergraph_sdl` (whose URLs point at running subgraphs)."""
    port = port or free_port()
    with tempfile.TemporaryDirectory() as scratch:
        supergraph = Path(scratch) / "supergraph.graphql"
        supergraph.write_text(supergraph_sdl)
        process = await asyncio.create_subprocess_exec(
            str(REFERENCE_DIR / "node_modules" / ".bin" / "hive-gateway"),
            "supergraph",
            "--config-path",
            str(REFERENCE_DIR / "gateway.config.mjs"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            cwd=REFERENCE_DIR,
            env={**os.environ, "SUPERGRAPH_FILE": str(supergraph), "NODE_ENV": "production"},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            await _wait_ready(url, process)
            yield f"{url}/graphql"
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 10)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def _wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = asyncio.get_running_loop().time() + START_TIMEOUT
    async with httpx.AsyncClient(timeout=2.0) as client:
        while asyncio.get_running_loop().time() < deadline:
            if process.returncode is not None:
                error = await process.stderr.read() if process.stderr else b""
                raise RuntimeError(f"the reference gateway exited: {error.decode()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                answer = await client.get(f"{url}/readiness")
                if answer.status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the reference gateway did not get ready within {START_TIMEOUT:g} s")
