"""The `lokal` command and the composition of the whole platform in one process."""
