"""Matching's use cases: each one transaction, authorised here."""
