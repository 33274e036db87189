"""The people subgraph (Federation 2.9)."""
