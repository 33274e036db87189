"""The learning subgraph (Federation 2.9)."""
