"""/readyz follows the broker: 503 while it is away, 200 again once it is back, same process."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx
import ledger_service
from ledger_service import effect_counts, record_entries

from lokal_cli.serve import KEEP_ALIVE_SECONDS
from lokal_gateway.execution.transport import IDLE_CONNECTION_SECONDS
from lokal_kit.db import Database
from lokal_kit.testing.proxy import CuttableProxy
from lokal_kit.testing.waiting import eventually

from .conftest import Starter


async def test_readyz_turns_503_without_the_broker_and_200_when_it_returns(
    ledger_database: Database, ledger_processes: Starter, amqp_url: str
) -> None:
    target = urlsplit(amqp_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5672)
    await proxy.start()
    proxied = amqp_url.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}")
    try:
        worker = await ledger_processes("worker", amqp=proxied)
        status, body = await worker.readiness()
        assert status == 200
        assert body["checks"] == {"database": "ok", "broker": "ok", "consumers": "ok"}

        proxy.cut()
        status, body = await eventually(worker.readiness, lambda a: a[0] != 200, timeout=30)
        assert status == 503, worker.output()
        assert body["checks"]["broker"] != "ok"  # type: ignore[index]
        assert body["checks"]["database"] == "ok"  # type: ignore[index]

        proxy.restore()
        await eventually(worker.readiness, lambda a: a[0] == 200, timeout=60)
        assert worker.process.returncode is None, "the same process, not a restart"

        # and it works again: its relay publishes and its consumer applies
        entry_ids = await record_entries(ledger_service.unit_of_work(ledger_database), 3)
        counts = await eventually(
            lambda: effect_counts(ledger_database), lambda c: len(c) == 3, timeout=60
        )
        assert counts == dict.fromkeys(entry_ids, 1)
    finally:
        await proxy.close()


async def test_an_api_process_is_ready_with_its_database(ledger_processes: Starter) -> None:
    api = await ledger_processes("serve")
    status, body = await api.readiness()
    assert (status, body) == (200, {"status": "ready", "checks": {"database": "ok"}})


async def test_sigterm_lets_an_api_request_in_flight_finish(ledger_processes: Starter) -> None:
    api = await ledger_processes("serve")
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
        request = asyncio.create_task(
            client.post("/graphql", json={"query": "query Slow { slow(seconds: 2) }"})
        )
        await asyncio.sleep(0.5)
        api.terminate()
        answer = await request
    assert answer.status_code == 200
    assert answer.json() == {"data": {"slow": True}}
    assert await api.wait() == 0, api.output()
    assert "ledger API stopped" in api.output()


async def test_an_api_turns_not_ready_without_its_database_and_ready_when_it_returns(
    ledger_database: Database, ledger_processes: Starter
) -> None:
    url = ledger_database.url
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        api = await ledger_processes("serve", database=proxied)
        proxy.cut()
        status, body = await eventually(api.readiness, lambda a: a[0] != 200, timeout=30)
        assert status == 503, api.output()
        assert body["checks"]["database"] != "ok"  # type: ignore[index]
        proxy.restore()
        await eventually(api.readiness, lambda a: a[0] == 200, timeout=60)
        assert api.process.returncode is None, "the same process, not a restart"
    finally:
        await proxy.close()


async def test_a_worker_without_its_broker_stays_alive_and_not_ready_and_stops_cleanly(
    ledger_database: Database, ledger_processes: Starter
) -> None:
    proxy = CuttableProxy("127.0.0.1", 5672)
    await proxy.start()
    proxy.cut()  # a broker address that refuses every connection
    try:
        worker = await ledger_processes(
            "worker", amqp=f"amqp://guest:guest@127.0.0.1:{proxy.port}/", ready=False
        )
        status, body = await eventually(worker.readiness, lambda a: a[0] != 0, timeout=30)
        assert status == 503
        assert body["checks"]["broker"] != "ok"  # type: ignore[index]
        assert body["checks"]["database"] == "ok"  # type: ignore[index]
        async with httpx.AsyncClient(base_url=worker.base_url) as client:
            assert (await client.get("/livez")).status_code == 200
        # events it cannot publish: they stay in the outbox, and the worker still stops cleanly
        await record_entries(ledger_service.unit_of_work(ledger_database), 3)
        worker.terminate()
        assert await worker.wait() == 0, worker.output()
        assert "pending events stay in the outbox" in worker.output()
    finally:
        await proxy.close()


async def test_an_api_keeps_an_idle_connection_longer_than_the_gateway_pools_it(
    ledger_processes: Starter,
) -> None:
    assert KEEP_ALIVE_SECONDS > IDLE_CONNECTION_SECONDS, "the gateway must close first"
    api = await ledger_processes("serve")
    port = int(api.base_url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /livez HTTP/1.1\r\nhost: api\r\n\r\n"

    async def livez() -> bytes:
        writer.write(request)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        return head

    try:
        assert (await livez()).startswith(b"HTTP/1.1 200")
        await asyncio.sleep(6)  # past uvicorn's default of 5 s, after which the API closed it
        assert (await livez()).startswith(b"HTTP/1.1 200"), "the same connection, still open"
    finally:
        writer.close()
