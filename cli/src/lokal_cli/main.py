"""`lokal`: run, migrate, seed and inspect the Lokalprojekte platform."""

from __future__ import annotations

import asyncio
import importlib.util
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated
from uuid import UUID, uuid4

import typer

from lokal_cli import db, environment, events, schema, serve, up
from lokal_cli.registry import installed_services, service_entry
from lokal_contracts.demo import MUNICIPALITIES, demo_id
from lokal_kit.auth.principal import Role
from lokal_kit.auth.tokens import TokenIssuer, development_keys
from lokal_kit.logging import configure_logging
from lokal_kit.settings import ServiceSettings

app = typer.Typer(
    help="Run, migrate, seed and inspect the Lokalprojekte platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(schema.app, name="schema")
app.add_typer(events.app, name="events")
app.add_typer(db.app, name="db")
if importlib.util.find_spec("lokal_gateway") is not None:
    # a service's image holds only that service: the gateway's commands where it is installed
    from lokal_cli import gateway

    app.add_typer(gateway.app, name="gateway")
app.command("serve")(serve.serve)
app.command("worker")(serve.worker)
app.command("up")(up.up)
app.command("down")(up.down)
app.command("restart")(up.restart)
app.command("env")(environment.env)
# services contribute commands of their own (e.g. `lokal competences import`)
for point in entry_points(group="lokal.commands"):
    app.add_typer(point.load(), name=point.name)

DataDir = Annotated[Path, typer.Option(help="Where the embedded mode keeps its files.")]
ServiceNames = Annotated[
    list[str] | None, typer.Argument(help="Services to act on (default: all installed).")
]


def _selected(names: list[str] | None) -> list[str]:
    return names or list(installed_services())


@app.command()
def dev(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: DataDir = Path("var"),
    seed: Annotated[bool, typer.Option(help="Load the demo data on start.")] = True,
) -> None:
    """Start the embedded platform: all services in one process, GraphiQL at /graphql."""
    import uvicorn

    from lokal_cli.embedded import EmbeddedPlatform

    configure_logging(json=False)
    platform = EmbeddedPlatform(data_dir=data_dir, entries=installed_services(), seed=seed)
    platform.build()
    typer.echo(f"Lokalprojekte (embedded) on http://{host}:{port}/graphql")
    uvicorn.run(platform.app(), host=host, port=port, log_config=None)


@app.command()
def migrate(services: ServiceNames = None) -> None:
    """Apply every pending migration to each service's database (settings from the environment)."""
    from lokal_kit.migrations import upgrade  # alembic: only in the processes that migrate

    async def run() -> None:
        for name in _selected(services):
            service = service_entry(name).bootstrap(None)
            await upgrade(service.database, service.migrations)
            await service.database.dispose()
            typer.echo(f"{name}: migrated")

    asyncio.run(run())


@app.command()
def seed(services: ServiceNames = None) -> None:
    """Load the demo data into each service's database (idempotent)."""

    async def run() -> None:
        for name in _selected(services):
            service = service_entry(name).bootstrap(None)
            if service.seed is not None:
                await service.seed()
                typer.echo(f"{name}: demo data loaded")
            await service.database.dispose()

    asyncio.run(run())


@app.command()
def token(
    role: Annotated[list[Role] | None, typer.Option(help="Role(s) of the token.")] = None,
    person: Annotated[UUID | None, typer.Option(help="Person id (sub); random if omitted.")] = None,
    municipality: Annotated[
        list[UUID] | None, typer.Option(help="Municipality id(s) for staff and mentors.")
    ] = None,
    demo: Annotated[
        str | None,
        typer.Option(
            help="A person of the demo data instead: maker-01 … maker-16, mentor-<kommune>, "
            "staff-<kommune>, programme-lena (kommune: " + ", ".join(MUNICIPALITIES) + ")."
        ),
    ] = None,
    hours: Annotated[float, typer.Option(help="Validity in hours.")] = 8.0,
    data_dir: DataDir = Path("var"),
) -> None:
    """Mint a development JWT signed with the embedded mode's local key."""
    from datetime import timedelta

    if demo is not None:
        person, role, municipality = _demo_person(demo)
    if not role:
        raise typer.BadParameter("give --role (or --demo)")
    settings = ServiceSettings(data_dir=data_dir)
    if settings.jwt_jwks_url:
        raise typer.BadParameter("tokens of a real identity provider are not minted here")
    issuer = TokenIssuer(
        development_keys(data_dir)[0], issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    typer.echo(
        issuer.issue(
            person or uuid4(),
            role,
            municipality_ids=municipality or [],
            ttl=timedelta(hours=hours),
        )
    )


def _demo_person(slug: str) -> tuple[UUID, list[Role], list[UUID]]:
    """Who a demo slug is, by the naming the services' demo data share."""
    kind, _, place = slug.partition("-")
    roles = {
        "maker": Role.MAKER,
        "mentor": Role.MENTOR,
        "staff": Role.MUNICIPALITY,
        "programme": Role.PROGRAMME,
    }
    if (
        kind not in roles
        or not place
        or (kind in ("mentor", "staff") and place not in MUNICIPALITIES)
    ):
        raise typer.BadParameter(f"{slug!r} is not a person of the demo data", param_hint="--demo")
    municipalities = [demo_id("municipality", place)] if kind in ("mentor", "staff") else []
    return demo_id("person", slug), [roles[kind]], municipalities
