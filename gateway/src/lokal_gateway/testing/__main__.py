"""`python -m lokal_gateway.testing NAME PORT`: one miniature subgraph as its own process."""

from __future__ import annotations

import sys

import uvicorn

from lokal_gateway.testing.platform import miniature
from lokal_gateway.testing.serving import SubgraphApp


def main() -> None:
    name, port = sys.argv[1], int(sys.argv[2])
    (subgraph,) = miniature(name)
    app = SubgraphApp(subgraph.schema, subgraph.context_factory)
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", loop="uvloop", http="httptools"
    )


if __name__ == "__main__":
    main()
