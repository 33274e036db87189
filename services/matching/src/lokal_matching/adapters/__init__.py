"""Persistence of matching: its tables and repositories."""
