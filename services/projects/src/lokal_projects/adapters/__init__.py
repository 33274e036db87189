"""Adapters: the database tables and the repositories over them."""
