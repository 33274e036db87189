"""`lokal gateway`: serve the federation gateway, and show how it plans an operation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

from lokal_gateway.gateway import Gateway, RequestError
from lokal_gateway.server.app import GatewayApp
from lokal_gateway.server.settings import GatewaySettings
from lokal_gateway.supergraph import load_supergraph
from lokal_kit.heap import settle_after_start_up
from lokal_kit.logging import configure_logging
from lokal_kit.tracing import configure_tracing, traced_asgi

app = typer.Typer(help="The federation gateway.", no_args_is_help=True)

SUPERGRAPH_FILE = Path("gateway/supergraph.graphql")


@app.command()
def plan(
    query: Annotated[str, typer.Argument(help="The operation, e.g. '{ projects { title } }'.")],
    operation_name: Annotated[str | None, typer.Option(help="Which operation to plan.")] = None,
    variables: Annotated[str, typer.Option(help="Variables as JSON (for @skip/@include).")] = "{}",
    supergraph: Annotated[Path, typer.Option(help="The supergraph SDL.")] = SUPERGRAPH_FILE,
    as_json: Annotated[bool, typer.Option("--json", help="The plan as JSON.")] = False,
) -> None:
    """Print the query plan the gateway runs for an operation."""
    gateway = Gateway(
        load_supergraph(supergraph.read_text()), transports={}, check_transports=False
    )
    try:
        prepared = gateway.prepare(query)
        values = gateway.coerce_variables(
            gateway.operation(prepared, operation_name), json.loads(variables)
        )
        found = gateway.plan(prepared, operation_name, values).plan
    except RequestError as error:
        for problem in error.errors:
            typer.echo(f"error: {problem['message']}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(found.as_json(), indent=2) if as_json else found.describe())


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(envvar="LOKAL_HTTP_HOST", help="Interface to listen on.")
    ] = "0.0.0.0",  # noqa: S104
    port: Annotated[int, typer.Option(envvar="LOKAL_HTTP_PORT", help="Port to listen on.")] = 4000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Run the gateway over HTTP subgraphs (LOKAL_GATEWAY_SUPERGRAPH_FILE / _SUBGRAPHS)."""
    settings = GatewaySettings()
    configure_logging(level=settings.log_level, json=settings.log_json)
    configure_tracing("gateway", otlp_endpoint=settings.otlp_endpoint)
    options = {
        "host": host,
        "port": port,
        "log_config": None,
        "loop": "uvloop",
        "http": "httptools",
        "timeout_graceful_shutdown": int(settings.shutdown_grace_seconds),
    }
    if workers > 1:
        uvicorn.run("lokal_cli.gateway:process_app", factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        gateway = traced_asgi(GatewayApp(settings))
        settle_after_start_up()
        uvicorn.run(gateway, **options)  # type: ignore[arg-type]


def process_app() -> Any:
    """One gateway per worker process (uvicorn's factory)."""
    settings = GatewaySettings()
    configure_tracing("gateway", otlp_endpoint=settings.otlp_endpoint)
    gateway = traced_asgi(GatewayApp(settings))
    settle_after_start_up()
    return gateway
