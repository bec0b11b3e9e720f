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

# The benchmark harness (bench/, docs/benchmarks.md): BENCH_ARGS="--rounds 3" etc.
bench: export SECRET_KEY ?= insecure-key-for-the-benchmark-only
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/static
