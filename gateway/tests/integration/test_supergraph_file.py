"""gateway/supergraph.graphql is what `lokal schema compose` makes of the installed subgraphs."""

from __future__ import annotations

from pathlib import Path

from lokal_cli.schema import composed_supergraph
from lokal_gateway.supergraph import load_supergraph

SUPERGRAPH = Path(__file__).resolve().parents[2] / "supergraph.graphql"


def test_the_committed_supergraph_is_up_to_date() -> None:
    assert SUPERGRAPH.read_text() == composed_supergraph(), (
        "gateway/supergraph.graphql is out of date: run `uv run lokal schema compose`"
    )


def test_the_committed_supergraph_loads_with_every_installed_subgraph() -> None:
    from lokal_cli.registry import installed_services

    supergraph = load_supergraph(SUPERGRAPH.read_text())
    assert set(supergraph.graphs) == set(installed_services())
    assert {g.url for g in supergraph.graphs.values()} == {
        f"http://{name}:8000/graphql" for name in installed_services()
    }
