"""Use cases: each one transaction, authorised here."""
