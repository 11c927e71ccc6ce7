# The front door: `make run` serves the portal, `make test` runs the whole suite.
# Both need only Python 3.11+, git and make; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCKS := requirements/base.txt requirements/dev.txt

.PHONY: run cluster test lint format benchmark faults install lock messages

install: $(STAMP)

# The venv holds exactly the locked versions (runtime, test and dev, checked against their
# hashes), then the portal itself without resolving anything again. `pip check` catches a
# dependency added to pyproject.toml but not yet locked: run `make lock`.
# Then, where npm exists, the locked npm packages (package-lock.json: the Nu HTML Checker the
# browser suite runs on Java) into node_modules/; their install scripts are not run (vnu-jar's
# would download a Java of its own). Without npm the HTML check skips.
$(STAMP): pyproject.toml $(LOCKS) package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check --disable-pip-version-check >/dev/null || { \
	  $(BIN)/python -m pip check --disable-pip-version-check; \
	  echo "pyproject.toml and requirements/ disagree: run 'make lock'" >&2; exit 1; }
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts; \
	else echo "npm not found: the HTML validity check (tests/browser/test_html_validity.py) will skip" >&2; fi
	@touch $(STAMP)

# Regenerate the hashed lock files from pyproject.toml: requirements/base.txt (runtime, what
# the Dockerfile installs) and requirements/dev.txt (runtime + test + dev extras, held to
# base.txt's versions). Kept pins stay unless LOCK_ARGS=--upgrade (or
# LOCK_ARGS="--upgrade-package NAME"). This machine's pip settings (extra indexes,
# find-links) are ignored, so the lock names only what the public index serves.
LOCK_ARGS ?=
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(LOCK_ARGS)
# Not after $(STAMP): that refuses a pyproject.toml the lock does not cover yet. The next
# `make test` or `make run` installs what changed.
lock:
	@test -x $(BIN)/pip-compile || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt; }
	$(PIP_COMPILE) --output-file=requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra=test --extra=dev --constraint=requirements/base.txt \
	  --output-file=requirements/dev.txt pyproject.toml

# Serve the portal at http://127.0.0.1:8000/ with a Celery worker and beat, demo content
# and the embedded PostgreSQL (unless DATABASE_URL is set).
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python -m devtools.devrun

# The portal scaled out on this machine with production settings (devtools/cluster.py):
# haproxy at http://127.0.0.1:8120/ in front of three gunicorn instances, three Celery
# workers and one beat, one PostgreSQL (embedded unless DATABASE_URL is set), one Redis.
cluster: $(STAMP)
	$(BIN)/python -m devtools.cluster

# The whole suite against real PostgreSQL, Redis, an SMTP sink and Chromium. Then the run
# must have left the checkout as it found it: any entry of `git status --porcelain` that
# was not there before (a file written outside the tests' temporary folders; git-ignored
# files such as screenshots/ do not count) fails the run and is listed.
GIT_STATUS := git status --porcelain --untracked-files=all
# Two test processes (pytest-xdist), each file's tests kept together in one of them: most
# of the suite's time is spent waiting on a worker, a browser or a cluster, not on the CPU.
# (Three were slower on 2 cores, and the browser tests' timing broke.) Files are handed out
# in collection order, the ones marked long_file first (tests/conftest.py), so the two
# processes finish together; xdist's own order (most tests first) left the minute-long
# single-test files for the end. `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder
test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	@$(GIT_STATUS) > $(VENV)/.status-before 2>/dev/null; \
	DATABASE_URL="$${DATABASE_URL:-$$($(BIN)/python -m devtools.devdb)}" && \
	  export DATABASE_URL && DEBUG=$${DEBUG:-1} $(BIN)/pytest $(PYTEST_ARGS); \
	status=$$?; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  left="$$($(GIT_STATUS) | grep -Fxv -f $(VENV)/.status-before)"; \
	  if [ -n "$$left" ]; then \
	    echo "make test: the tests left these files in the checkout (git status):" >&2; \
	    echo "$$left" >&2; \
	    echo "Write to a temporary folder (tmp_path; MEDIA_ROOT is one in every test)." >&2; \
	    [ $$status -ne 0 ] || status=1; \
	  fi; \
	fi; \
	exit $$status

# Page speed over HTTP as a visitor feels it (devtools/benchmark.py): gunicorn with
# production settings, a data set of SIZE questions in a database of its own (bench_<SIZE>,
# kept and reused), wrk for SECONDS per page cold and warm, a bare Django view measured
# between the pages, and answer -> email with a real worker. Writes benchmarks/results-<SIZE>.md.
SIZE ?= 1k
SECONDS ?= 10
BENCH_ARGS ?=
benchmark: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-$$($(BIN)/python -m devtools.devdb)}" \
	  $(BIN)/python -m devtools.benchmark --size $(SIZE) --seconds $(SECONDS) $(BENCH_ARGS)

# Notifications under faults, the long version (about 15 minutes): a real worker and beat
# under the supervisor, a Redis server of its own stopped, frozen and restarted, the worker
# SIGKILLed, SMTP down for a minute, the worker's database cut for 15 s. Prints, per fault:
# answers, emails per notification, missing, doubled, max save time, recovery time.
faults: $(STAMP)
	PORTAL_REQUIRE_SERVICES=1 $(MAKE) --no-print-directory test \
	  PYTEST_ARGS="-q -s -p no:cacheprovider -m faults_long tests/notifications/test_faults.py"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Gather the portal's words into every catalogue (locale/<code>/LC_MESSAGES/django.po) and
# compile them (django.mo, committed with the .po). A new language: README, "Languages".
MESSAGES_IGNORE := -i tests -i devtools -i staticfiles -i data -i node_modules -i benchmarks -i "*.venv*"
messages: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py makemessages $(foreach code,$(notdir $(wildcard locale/*)),-l $(code)) \
	  --add-location file --no-obsolete $(MESSAGES_IGNORE)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)
