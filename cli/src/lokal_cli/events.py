"""`lokal events`: the AsyncAPI catalogue, and the parking lots of the consumers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from lokal_contracts.asyncapi import render
from lokal_kit.messaging.broker import Broker
from lokal_kit.messaging.inprocess import InProcessBroker
from lokal_kit.messaging.rabbitmq import RabbitBroker
from lokal_kit.settings import BrokerKind, ServiceSettings

app = typer.Typer(help="Event catalogue and parked messages.", no_args_is_help=True)

ASYNCAPI_FILE = Path("libs/contracts/asyncapi.json")
Queue = Annotated[
    str, typer.Argument(help="Consumer queue without namespace, e.g. matching.read-models.")
]


@app.command()
def asyncapi(
    output: Annotated[Path, typer.Option(help="Where to write the document.")] = ASYNCAPI_FILE,
) -> None:
    """Write the AsyncAPI 3.0 document of every event (generated from the contracts)."""
    output.write_text(render())
    typer.echo(f"wrote {output}")


def _broker() -> Broker:
    settings = ServiceSettings()
    if settings.broker is BrokerKind.RABBITMQ:
        return RabbitBroker(
            settings.amqp_url,
            namespace=settings.events_namespace,
            connection_name="lokal-events-cli",
        )
    return InProcessBroker(
        f"sqlite+aiosqlite:///{settings.data_dir / 'broker.sqlite'}",
        namespace=settings.events_namespace,
    )


@app.command()
def parked(
    queue: Queue,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
) -> None:
    """List the messages parked for a consumer, with the error that parked them."""

    async def run() -> None:
        broker = _broker()
        await broker.start()
        try:
            messages = await broker.parked(queue, limit)
        finally:
            await broker.close()
        if not messages:
            typer.echo("nothing parked")
        for message in messages:
            typer.echo(
                f"{message.message_id}  {message.routing_key}  attempts={message.attempts}  "
                f"{message.error}"
            )

    asyncio.run(run())


@app.command()
def replay(
    queue: Queue,
    limit: Annotated[int | None, typer.Option(help="At most this many (default: all).")] = None,
) -> None:
    """Send parked messages back to their consumer, with a fresh attempt count."""

    async def run() -> int:
        broker = _broker()
        await broker.start()
        try:
            return await broker.replay_parked(queue, limit)
        finally:
            await broker.close()

    typer.echo(f"replayed {asyncio.run(run())} message(s)")
