# The two commands of the README: `make run` and `make test`. Both set up everything first.
SHELL := /bin/bash
UV_VERSION := 0.9.30
# uv from the PATH, else a private copy installed with pip into .tools/
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)

.PHONY: run test setup lint typecheck unit

run: setup
	$(UV) run lokal dev

test: setup lint typecheck
	$(UV) run pytest

setup: $(UV)
	$(UV) sync --frozen

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck: setup
	$(UV) run mypy

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet "uv==$(UV_VERSION)"
