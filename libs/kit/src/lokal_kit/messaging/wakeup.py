"""Waking the relay of another process when outbox rows commit (PostgreSQL LISTEN/NOTIFY).

The API writes events; the worker, another process, relays them. Polling alone let each
event wait up to the poll interval before it was published. A trigger on the outbox notifies
at commit, at no extra round trip for the writer, and the worker's listener wakes its relay.
Polling stays: it covers a listener between connections, and rows whose retry falls due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from lokal_kit.db import Database
from lokal_kit.messaging.outbox import OutboxSignal
from lokal_kit.messaging.relay import first_of

log = logging.getLogger(__name__)

CHANNEL = "lokal_outbox"

# one statement per transaction that inserts rows; PostgreSQL folds equal notifications of
# a transaction into one and delivers them only when it commits
_CREATE = (
    f"""
    CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{CHANNEL}', '');
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()
    """,
)
_DROP = (
    "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
    "DROP FUNCTION IF EXISTS outbox_notify()",
)


def create_outbox_trigger(op: Any) -> None:
    """For a service's migration (alembic's `op`); SQLite has no NOTIFY and needs none."""
    _execute(op, _CREATE)


def drop_outbox_trigger(op: Any) -> None:
    _execute(op, _DROP)


def _execute(op: Any, statements: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in statements:
            op.execute(statement)


class OutboxWakeup:
    """Listens on the service's database and notifies the relay's signal at every commit."""

    def __init__(
        self, database: Database, signal: OutboxSignal, *, retry_interval: float = 2.0
    ) -> None:
        self._database = database
        self._signal = signal
        self._retry_interval = retry_interval
        self.listening = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Listen until `stop`, connecting again whenever the connection is lost."""
        if self._database.is_sqlite:
            return
        while not stop.is_set():
            try:
                await self._listen(stop)
            except Exception as exc:
                log.warning(
                    "not listening for outbox commits (%s); the relay polls meanwhile",
                    type(exc).__name__,
                )
            if not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._retry_interval)

    async def _listen(self, stop: asyncio.Event) -> None:
        lost = asyncio.Event()

        def on_notification(*_: object) -> None:
            self._signal.notify()

        def on_termination(_: object) -> None:
            lost.set()

        async with self._database.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            listener = raw.driver_connection
            if listener is None:
                raise ConnectionError("no database connection to listen on")
            listener.add_termination_listener(on_termination)
            await listener.add_listener(CHANNEL, on_notification)
            self.listening.set()
            # what committed before the listener was in place is due now
            self._signal.notify()
            try:
                await first_of(stop.wait(), lost.wait())
            finally:
                self.listening.clear()
                if lost.is_set():
                    await connection.invalidate()
                else:
                    listener.remove_termination_listener(on_termination)
                    await listener.remove_listener(CHANNEL, on_notification)
        if lost.is_set():
            raise ConnectionError("the listening connection was closed")
