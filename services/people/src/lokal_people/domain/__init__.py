"""The people domain in plain Python: persons, competences, the maker pipeline, erasure."""
