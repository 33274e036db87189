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


SUPERGRAPH_FILE = Path("gateway/supergraph.graphql")
SDL_QUERY = "{ _service { sdl } }"


def default_url(name: str) -> str:
    """Where the distributed deployment serves a subgraph (the gateway may override it)."""
    return f"http://{name}:8000/graphql"


def federation_sdl(name: str) -> str:
    """The SDL the subgraph answers to `_service { sdl }`, as the gateway would fetch it."""
    service = service_entry(name).bootstrap(None)
    result = service.schema.execute_sync(SDL_QUERY)
    if result.errors or result.data is None:
        raise RuntimeError(f"{name} did not give its SDL: {result.errors}")
    sdl: str = result.data["_service"]["sdl"]
    return sdl


def composed_supergraph(urls: dict[str, str] | None = None) -> str:
    from lokal_gateway.composition.compose import SubgraphSource, compose

    urls = urls or {}
    return compose(
        [
            SubgraphSource(name, urls.get(name, default_url(name)), federation_sdl(name))
            for name in installed_services()
        ]
    )


@app.command("compose")
def compose_(
    output: Annotated[Path, typer.Option(help="Where to write the supergraph.")] = SUPERGRAPH_FILE,
    url: Annotated[
        list[str] | None,
        typer.Option(help="name=URL of a subgraph (default http://NAME:8000/graphql)."),
    ] = None,
) -> None:
    """Compose the installed subgraphs into the supergraph SDL (join spec v0.5)."""
    from lokal_gateway.composition import CompositionError

    urls = dict(pair.split("=", 1) for pair in url or [])
    try:
        supergraph = composed_supergraph(urls)
    except CompositionError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    output.write_text(supergraph)
    typer.echo(f"wrote {output}")


@app.command()
def check(
    old: Annotated[Path, typer.Argument(help="The schema before (SDL or supergraph).")],
    new: Annotated[Path, typer.Argument(help="The schema after.")],
) -> None:
    """List breaking and dangerous changes from OLD to NEW; exit 1 when any are breaking."""
    from lokal_gateway.check import schema_changes

    breaking, dangerous = schema_changes(old.read_text(), new.read_text())
    for change in breaking:
        typer.echo(f"BREAKING  {change}")
    for change in dangerous:
        typer.echo(f"DANGEROUS {change}")
    if not breaking and not dangerous:
        typer.echo("no breaking or dangerous changes")
    if breaking:
        raise typer.Exit(1)
