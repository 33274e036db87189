"""The learning service."""
