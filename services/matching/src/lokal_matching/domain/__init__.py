"""Matching's domain: read models, fit, team and run solvers, placements, pay. No I/O."""
