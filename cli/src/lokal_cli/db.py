"""`lokal db`: authoring a service's migrations."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from lokal_cli.registry import service_entry

app = typer.Typer(help="Author database migrations.", no_args_is_help=True)


@app.command()
def revision(
    service: Annotated[str, typer.Argument(help="Service whose models changed.")],
    message: Annotated[str, typer.Option("--message", "-m", help="What the migration does.")],
) -> None:
    """Autogenerate the service's next migration by comparing its models with its migrations."""
    # alembic only here: every `lokal` process imports this module, few of them migrate
    from alembic import command
    from alembic.script import ScriptDirectory

    from lokal_kit.migrations import alembic_config, upgrade

    entry = service_entry(service)
    with tempfile.TemporaryDirectory() as scratch:
        runtime = entry.bootstrap(entry.settings_class(data_dir=Path(scratch), database_url=""))

        async def migrate() -> None:
            await upgrade(runtime.database, runtime.migrations)
            await runtime.database.dispose()

        asyncio.run(migrate())
        config = alembic_config(runtime.migrations, runtime.settings.resolved_database_url)
        existing = len(list(ScriptDirectory.from_config(config).walk_revisions()))
        command.revision(config, message=message, autogenerate=True, rev_id=f"{existing + 1:04d}")
