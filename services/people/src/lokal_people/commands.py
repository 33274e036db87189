"""`lokal competences …`: the people service's commands."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from lokal_people.bootstrap import bootstrap
from lokal_people.domain.catalogue_import import CatalogueRejected
from lokal_people.service import catalogue
from lokal_people.service.unit_of_work import PeopleUnitOfWork

app = typer.Typer(help="The competence catalogue of the people service.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, help="CSV: uri,label,skill_type[,…]"
        ),
    ],
) -> None:
    """Add or update competences from a CSV file; one malformed row and nothing changes."""
    service = bootstrap(None)

    async def run() -> catalogue.ImportResult:
        try:
            uow = service.uow_factory()
            assert isinstance(uow, PeopleUnitOfWork)
            return await catalogue.import_catalogue(uow, file.read_text(encoding="utf-8-sig"))
        finally:
            await service.database.dispose()

    try:
        result = asyncio.run(run())
    except CatalogueRejected as rejected:
        for problem in rejected.problems:
            typer.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        typer.echo("nothing was imported", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"{result.added} competences added, {result.updated} updated")
