"""The people service."""
