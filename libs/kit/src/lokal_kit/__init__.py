"""Plumbing every Lokalprojekte service uses the same way; never domain code."""
