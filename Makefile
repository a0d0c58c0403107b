# The two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt
export DBT_PROFILES_DIR := $(CURDIR)

DEMO_DIR ?= data/demo
DEMO_ACCOUNTS ?= 2000
DEMO_DB ?= target/attribution.duckdb
TEST_DIR ?= data/test
TEST_ACCOUNTS ?= 400
TEST_DB ?= target/attribution_test.duckdb

.PHONY: demo demo-data build summary test lint dbt-test pytest clean

$(VENV)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

## demo: install, generate the demo data, build everything on DuckDB, print the results
demo: venv demo-data build summary

demo-data: venv
	$(PY) -m attribution_kit.generate --accounts $(DEMO_ACCOUNTS) --seed 7 --out $(DEMO_DIR)

build: venv
	ATTRIBUTION_DATA_DIR=$(DEMO_DIR) ATTRIBUTION_DUCKDB_PATH=$(DEMO_DB) $(DBT) build --target dev

summary: venv
	$(PY) -m attribution_kit.summary --database $(DEMO_DB)

## test: everything CI checks: lint, dbt build with every data and unit test, pytest
test: venv lint dbt-test pytest

lint: venv
	$(VENV)/bin/ruff check attribution_kit python_tests
	$(VENV)/bin/sqlfluff lint models tests --processes 2

dbt-test: venv
	$(PY) -m attribution_kit.generate --accounts $(TEST_ACCOUNTS) --seed 11 --out $(TEST_DIR) --quiet
	ATTRIBUTION_DATA_DIR=$(TEST_DIR) ATTRIBUTION_DUCKDB_PATH=$(TEST_DB) $(DBT) build --target test

pytest: venv
	$(PY) -m pytest

clean:
	rm -rf target logs data $(VENV)
