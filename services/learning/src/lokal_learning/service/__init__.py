"""Use cases of the learning service: each one transaction, authorised here."""
