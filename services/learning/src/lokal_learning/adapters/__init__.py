"""Persistence of the learning service (SQLAlchemy Core on its own metadata)."""
