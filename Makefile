# Two commands do all the set-up (see README):
#   make run    - create .venv, install dapipe, process corpora/ with the embedded model, print a summary
#   make check  - create .venv, install dapipe with dev tools, then format check, lint, types and tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= dapipe.sqlite
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run check install install-dev format lint types test test-all bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "dapipe needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(PIP) install -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/dapipe process corpora/ --db $(DB)

check: install-dev format lint types test

format: install-dev
	$(BIN)/ruff format --check pipeline tests benchmarks corpora

lint: install-dev
	$(BIN)/ruff check pipeline tests benchmarks corpora

types: install-dev
	$(BIN)/mypy

test: install-dev
	$(BIN)/pytest -q

test-all: install-dev
	$(BIN)/pytest -q -m "slow or not slow"

bench: install-dev
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .ruff_cache .mypy_cache
