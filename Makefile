PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format install migrate demo bench clean

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

test: export SECRET_KEY ?= insecure-key-for-the-test-suite-only
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The benchmark harness (bench/, docs/benchmarks.md), niced: BENCH_ARGS="--before main" etc.
bench: export SECRET_KEY ?= insecure-key-for-the-benchmark-only
bench: install
	nice -n 10 $(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/static
