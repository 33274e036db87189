"""Use cases of the people service: each one transaction, authorised here."""
