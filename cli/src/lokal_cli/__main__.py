"""`python -m lokal_cli`: the `lokal` command, for processes started by `lokal up`."""

from lokal_cli.main import app

app()
