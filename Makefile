# Workforce: the README names two targets, `make run` (the product on the demo organisation)
# and `make test` (the whole suite). Everything else here is a step they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup assets lint test-sqlite test-postgres bench docs clean

run: setup assets  ## install, build assets, migrate, load the demo, serve on http://127.0.0.1:8000
	$(BIN)/workforce serve --host $(HOST) --port $(PORT)

test: setup assets lint test-sqlite test-postgres  ## the whole suite, on SQLite and PostgreSQL

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy src/workforce

test-sqlite: setup assets
	$(BIN)/pytest -q -n auto --maxprocesses 4

# Every test that touches the database: the web app, the CLI, census commands, the browser.
PG_TESTS := tests/web tests/cli tests/census/test_cli.py tests/e2e

test-postgres: setup
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n auto --maxprocesses 4 $(PG_TESTS) -p no:cacheprovider; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL): CI needs it for the PostgreSQL run."; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL run: no server at $(PG_URL) (set PG_URL to point at one)."; \
	fi

bench: setup  ## benchmark scripts; results in bench/results/
	$(BIN)/python bench/demo.py
	$(BIN)/python bench/measures.py

docs: setup  ## regenerate docs/measures.md from the registry
	$(BIN)/python -m workforce.measures.docs

clean:
	rm -rf $(VENV) node_modules src/workforce_web/static/css src/workforce_web/static/govuk src/workforce_web/static/vendor
