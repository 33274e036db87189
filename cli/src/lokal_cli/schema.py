"""`lokal schema`: the subgraphs' SDL, exported to the files the repository commits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from strawberry.printer import print_schema

from lokal_cli.registry import installed_services, service_entry

app = typer.Typer(help="Export and inspect GraphQL schemas.", no_args_is_help=True)


def subgraph_sdl(name: str) -> str:
    service = service_entry(name).bootstrap(None)
    return print_schema(service.schema) + "\n"


def subgraph_file(root: Path, name: str) -> Path:
    return root / "services" / name / "schema.graphql"


@app.command("print")
def print_(service: Annotated[str, typer.Argument(help="Service whose SDL to print.")]) -> None:
    """Print one subgraph's SDL (with its federation directives)."""
    typer.echo(subgraph_sdl(service), nl=False)


@app.command()
def export(
    services: Annotated[list[str] | None, typer.Argument(help="Services (default: all).")] = None,
    root: Annotated[Path, typer.Option(help="Repository root.")] = Path("."),
) -> None:
    """Write each subgraph's SDL to services/<name>/schema.graphql."""
    for name in services or list(installed_services()):
        target = subgraph_file(root, name)
        target.write_text(subgraph_sdl(name))
        typer.echo(f"wrote {target}")
