"""Execution: plans run against the subgraphs, results merged and shaped like the client asked."""
