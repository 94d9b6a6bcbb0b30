# legcompare: `make run` to try it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench verify clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/legcompare matrix
	$(BIN)/legcompare gaps COL --peers 2

lint: $(STAMP)
	$(BIN)/ruff check legcompare tests $(wildcard benchmarks)
	$(BIN)/ruff format --check legcompare tests $(wildcard benchmarks)
	$(BIN)/mypy

# The suite runs twice: with the cache of checked encodings, and without it.
test: lint
	$(BIN)/pytest
	LEGCOMPARE_NO_CACHE=1 $(BIN)/pytest -q

# Quotes and provision texts re-checked against the statute library, when it is at hand.
LIBRARY ?= ../shared/sources
verify: $(STAMP)
	@if [ -d "$(LIBRARY)" ]; then \
		$(BIN)/legcompare verify --library "$(LIBRARY)"; \
	else \
		echo "make verify: no statute library at $(LIBRARY); skipped"; \
	fi

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
