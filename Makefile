PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-embedded lint format install migrate demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_users
	@echo "Serving the site at http://127.0.0.1:8000/ (admin at http://127.0.0.1:8000/admin/)"
	@echo "Background jobs (mail): a worker runs beside the server (manage.py db_worker)"
	@# The worker runs while the server does, and stops with it (Ctrl-C included).
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Tests run in two processes (pytest-xdist), whole test files each;
# TEST_PROCESSES=0 runs them in one, e.g. to debug with --pdb.
TEST_PROCESSES ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_PROCESSES) --dist loadfile

test: export SECRET_KEY ?= insecure-key-for-the-test-suite-only
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(PYTEST) $(PYTEST_ARGS)

# The tests that start processes of their own (gunicorn, nginx, pg_dump,
# manage.py), run with no DATABASE_URL: against the embedded PostgreSQL, as on a
# fresh machine. .ci/run runs them after the whole suite.
SERVER_TESTS = $(shell grep -lrE 'start_app_servers|project_command|subprocess' tests --include='test_*.py' | sort)
test-embedded: export SECRET_KEY ?= insecure-key-for-the-test-suite-only
test-embedded: install
	env -u DATABASE_URL $(PYTEST) $(SERVER_TESTS) $(PYTEST_ARGS)

# The benchmark harness (bench/, docs/benchmarks.md), niced: BENCH_ARGS="--before main" etc.
bench: export SECRET_KEY ?= insecure-key-for-the-benchmark-only
bench: install
	nice -n 10 $(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/static
