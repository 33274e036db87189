"""Liveness, readiness and metrics endpoints, the same on every process."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

Check = Callable[[], Awaitable[None]]
"""Returns when the dependency is usable; raises (anything) when it is not."""

CHECK_TIMEOUT = 2.0


class Health:
    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}
        self.draining = False

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    async def readiness(self) -> tuple[bool, dict[str, str]]:
        names = list(self._checks)
        results = await asyncio.gather(
            *(asyncio.wait_for(self._checks[name](), CHECK_TIMEOUT) for name in names),
            return_exceptions=True,
        )
        details = {
            name: "ok" if not isinstance(result, BaseException) else _describe(result)
            for name, result in zip(names, results, strict=True)
        }
        if self.draining:
            details["shutdown"] = "draining"
        return not self.draining and all(v == "ok" for v in details.values()), details

    def router(self) -> APIRouter:
        router = APIRouter(tags=["operations"])

        @router.get("/livez")
        async def livez() -> dict[str, str]:
            return {"status": "alive"}

        @router.get("/readyz")
        async def readyz() -> JSONResponse:
            ready, details = await self.readiness()
            return JSONResponse(
                {"status": "ready" if ready else "not ready", "checks": details},
                status_code=200 if ready else 503,
            )

        @router.get("/metrics")
        async def metrics() -> Response:
            return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

        return router


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {CHECK_TIMEOUT}s"
    return f"{type(error).__name__}: {error}"[:200]
