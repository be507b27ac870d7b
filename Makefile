# Adopt: `make run` serves the demo programme; `make test` runs lint and the whole test suite.
PYTHON ?= python3
VENV := .venv
ADOPT := $(VENV)/bin/adopt
PORT ?= 8000
INSTALLED := $(VENV)/.installed
ASSETS := build/static/css/adopt.css

.PHONY: help run test lint

help:
	@echo "make run   set up, migrate, load the demo programme and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  set up, lint, and run the whole test suite"
	@echo "make lint  ruff, mypy, import contracts and a migrations check"

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

$(ASSETS): package.json package-lock.json $(wildcard adopt/static_src/scss/*.scss)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

run: $(INSTALLED) $(ASSETS)
	mkdir -p var
	DEBUG=true $(ADOPT) migrate --no-input
	DEBUG=true $(ADOPT) demo
	@echo ""
	@echo "Adopt is at http://127.0.0.1:$(PORT)/"
	@echo "Staff sign-ins also ask for a code: run .venv/bin/adopt demo_code in another terminal for the current one."
	@echo "Background jobs (imports, reports, reminders) run on the worker started beside the web server."
	DEBUG=true PORT=$(PORT) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DEBUG=true $(ADOPT) makemigrations --check --dry-run --no-input

test: $(INSTALLED) $(ASSETS) lint
	$(VENV)/bin/pytest
