"""Persistence of the people service: its own tables and repositories over them."""
