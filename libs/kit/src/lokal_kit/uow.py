"""The unit of work: one transaction, in which the events it announces are recorded too."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from lokal_contracts import Envelope, IntegrationEvent
from lokal_kit.db import Database
from lokal_kit.messaging.outbox import OutboxSignal, envelope_for, outbox_row
from lokal_kit.messaging.tables import MessagingTables
from lokal_kit.sqltypes import utcnow


class UnitOfWork:
    """Services subclass it and build their repositories in `__aenter__`.

    Nothing is written unless `commit()` is called; leaving the block without
    it rolls everything back, the staged events included. `async with uow.reading():`
    is for units of work that only read: they cost no transaction, and cannot commit.
    """

    session: AsyncSession

    def __init__(
        self,
        database: Database,
        tables: MessagingTables,
        *,
        source: str,
        signal: OutboxSignal | None = None,
    ) -> None:
        self._database = database
        self._tables = tables
        self._source = source
        self._signal = signal
        self._staged: list[Envelope] = []
        self._read_only = False

    def reading(self) -> Self:
        """The next `async with` block only reads (see `Database.reading_session`)."""
        self._read_only = True
        return self

    async def __aenter__(self) -> Self:
        database = self._database
        self.session = database.reading_session() if self._read_only else database.session()
        self._staged = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # read-only for one block: a service may read, then write with the same unit of work
        self._read_only = False
        await self.rollback()
        await self.session.close()

    def publish(self, event: IntegrationEvent) -> Envelope:
        """Stage an integration event; it reaches the outbox with the next commit."""
        envelope = envelope_for(event, source=self._source, now=utcnow())
        self._staged.append(envelope)
        return envelope

    async def forget_published_events(self, mentioning: str) -> None:
        """Delete the events already published whose envelope mentions `mentioning`.

        The outbox keeps published events for days as history; after an erasure that
        history must not keep the person's id and the facts published with it. Events not
        yet published stay (the other services still need them), and so do those staged
        in this unit of work: they are written at commit, after this.
        """
        outbox = self._tables.outbox
        await self.session.execute(
            delete(outbox).where(
                outbox.c.published_at.is_not(None),
                outbox.c.envelope.contains(mentioning, autoescape=True),
            )
        )

    async def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a unit of work opened with reading() cannot commit")
        if self._staged:
            await self.session.execute(
                self._tables.outbox.insert(), [outbox_row(e) for e in self._staged]
            )
        await self.session.commit()
        had_events, self._staged = bool(self._staged), []
        if had_events and self._signal is not None:
            self._signal.notify()

    async def rollback(self) -> None:
        self._staged = []
        await self.session.rollback()
