"""Test-only services that run through the same `lokal` commands as the real ones."""
