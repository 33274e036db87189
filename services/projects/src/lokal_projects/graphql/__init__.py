"""The projects subgraph (Federation 2.9)."""
