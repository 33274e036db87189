"""Matching's federation subgraph."""
