# The front door: `make run` serves the portal, `make test` runs the whole suite.
# Both need only Python 3.11+, git and make; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format benchmark install

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# Serve the portal at http://127.0.0.1:8000/ with a Celery worker and beat, demo content
# and the embedded PostgreSQL (unless DATABASE_URL is set).
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python -m devtools.devrun

# The whole suite against real PostgreSQL, Redis, an SMTP sink and Chromium.
test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	@DATABASE_URL="$${DATABASE_URL:-$$($(BIN)/python -m devtools.devdb)}" && \
	  export DATABASE_URL && DEBUG=$${DEBUG:-1} $(BIN)/pytest $(PYTEST_ARGS)

# Page times and query counts at growing question counts, in a throwaway database.
BENCH_SIZES ?= 1000,10000,100000
benchmark: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py benchmark_pages --sizes $(BENCH_SIZES)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
