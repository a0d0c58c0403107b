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
DEMO_SALESFORCE_DIR ?= data/demo_salesforce
DEMO_SALESFORCE_DB ?= target/attribution_salesforce.duckdb
SALESFORCE_CONVENTION ?= fivetran
DEMO_HUBSPOT_DIR ?= data/demo_hubspot
DEMO_HUBSPOT_DB ?= target/attribution_hubspot.duckdb
HUBSPOT_CONVENTION ?= fivetran
TEST_DIR ?= data/test
TEST_ACCOUNTS ?= 400
TEST_DB ?= target/attribution_test.duckdb
REPORT ?= reports/attribution_report.html
SPARK_VENV ?= .venv-spark
SPARK_DIR ?= target/spark

.PHONY: diff demo demo-data demo-data-salesforce demo-data-hubspot demo-salesforce demo-hubspot build build-production summary report test lint dbt-test pytest test-deps browser test-spark java clean

$(VENV)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Test-only peers the oracles are compared with (ChannelAttribution compiles C++; GPL-3, never vendored).
$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

test-deps: $(VENV)/.installed-test

## demo: install, generate the demo data, build everything on DuckDB, print the results, write the HTML report
demo: venv demo-data build summary report

demo-data: venv
	$(PY) -m attribution_kit.generate --accounts $(DEMO_ACCOUNTS) --seed 7 --out $(DEMO_DIR)

## demo-data-salesforce: the same world as Salesforce tables (docs/demo_shapes.md), with the web touches
demo-data-salesforce: venv
	$(PY) -m attribution_kit.generate --accounts $(DEMO_ACCOUNTS) --seed 7 --out $(DEMO_SALESFORCE_DIR) \
		--shape salesforce --column-convention $(SALESFORCE_CONVENTION) --with-web-touchpoints

## demo-data-hubspot: the same world as HubSpot tables (docs/demo_shapes.md), with the web touches
demo-data-hubspot: venv
	$(PY) -m attribution_kit.generate --accounts $(DEMO_ACCOUNTS) --seed 7 --out $(DEMO_HUBSPOT_DIR) \
		--shape hubspot --column-convention $(HUBSPOT_CONVENTION) --with-web-touchpoints

## demo-salesforce: the demo on the Salesforce shape: generate it, build it (var attribution_source_system salesforce), print the results
demo-salesforce: venv demo-data-salesforce
	ATTRIBUTION_DATA_DIR=$(DEMO_SALESFORCE_DIR) ATTRIBUTION_DUCKDB_PATH=$(DEMO_SALESFORCE_DB) $(DBT) build --target dev \
		--vars '{attribution_source_system: salesforce}'
	$(PY) -m attribution_kit.summary --database $(DEMO_SALESFORCE_DB)

## demo-hubspot: the demo on the HubSpot shape: generate it, build it (var attribution_source_system hubspot), print the results
demo-hubspot: venv demo-data-hubspot
	ATTRIBUTION_DATA_DIR=$(DEMO_HUBSPOT_DIR) ATTRIBUTION_DUCKDB_PATH=$(DEMO_HUBSPOT_DB) $(DBT) build --target dev \
		--vars '{attribution_source_system: hubspot}'
	$(PY) -m attribution_kit.summary --database $(DEMO_HUBSPOT_DB)

build: venv
	ATTRIBUTION_DATA_DIR=$(DEMO_DIR) ATTRIBUTION_DUCKDB_PATH=$(DEMO_DB) $(DBT) build --target dev

## build-production: the daily build (selectors.yml: production): every model and the data tests that guard
## the numbers, without the unit tests and the duplicate Python engines (README.md, "Scale and daily runs")
build-production: venv
	ATTRIBUTION_DATA_DIR=$(DEMO_DIR) ATTRIBUTION_DUCKDB_PATH=$(DEMO_DB) $(DBT) build --target dev --selector production

summary: venv
	$(PY) -m attribution_kit.summary --database $(DEMO_DB)

report: venv
	$(PY) -m attribution_kit.report --database $(DEMO_DB) --out $(REPORT)

## diff: build the base ref (BASE, default: the merge base with main, else HEAD~1) and the working tree
## on the same data (ATTRIBUTION_DATA_DIR, else the demo data), compare every mart, write
## target/attribution_diff.md and .json (docs/reviewing_changes.md). DIFF_STATE=base|<dir>: slim CI;
## MUST_NOT_CHANGE=model,...: fail when one of those attribution models moved.
BASE ?=
DIFF_STATE ?=
MUST_NOT_CHANGE ?=
diff: venv
	$(PY) -m attribution_kit.diff --demo-dir $(DEMO_DIR) --demo-accounts $(DEMO_ACCOUNTS) $(if $(BASE),--base "$(BASE)") \
		$(if $(DIFF_STATE),--state "$(DIFF_STATE)") $(if $(MUST_NOT_CHANGE),--fail-on-change "$(MUST_NOT_CHANGE)")

## test: everything CI checks: lint, dbt build with every data and unit test, pytest (with the package
## installed into integration_tests/, python_tests/test_package_install.py), the Spark build
test: venv lint dbt-test pytest test-spark

lint: venv
	$(VENV)/bin/ruff check attribution_kit python_tests models
	$(VENV)/bin/sqlfluff lint models tests --processes 2
	@# A source system's models render only with that system chosen: its conform models, and one of its
	@# base and staging models (every other one is the same two-line macro call).
	$(VENV)/bin/sqlfluff lint models/intermediate/salesforce models/staging/salesforce/base/base_salesforce__campaign_member.sql \
		models/staging/salesforce/stg_salesforce__campaign_member.sql --config .ci/sqlfluff_salesforce.cfg --processes 2
	$(VENV)/bin/sqlfluff lint models/intermediate/hubspot models/staging/hubspot/base/base_hubspot__deal.sql \
		models/staging/hubspot/stg_hubspot__deal.sql --config .ci/sqlfluff_hubspot.cfg --processes 2

dbt-test: venv
	$(PY) -m attribution_kit.generate --accounts $(TEST_ACCOUNTS) --seed 11 --out $(TEST_DIR) --quiet
	ATTRIBUTION_DATA_DIR=$(TEST_DIR) ATTRIBUTION_DUCKDB_PATH=$(TEST_DB) $(DBT) build --target test --full-refresh

# Two workers: a test file's builds stay on one worker (--dist loadscope), so its module fixtures build once.
PYTEST_WORKERS ?= 2
pytest: venv test-deps browser
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadscope

# The report's browser test needs a real Chromium (Debian's package; root, as on CI).
browser:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# Apache Spark in its own virtualenv (PySpark is large and never needed on DuckDB).
$(SPARK_VENV)/.installed: requirements-spark.txt
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install --quiet -r requirements-spark.txt
	touch $@

java:
	@command -v java >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless)

## test-spark: build the whole project on Apache Spark from the dbt-test data, every data and
## unit test, then compare every mart with the DuckDB build of `make dbt-test`
test-spark: venv dbt-test java $(SPARK_VENV)/.installed
	rm -rf $(SPARK_DIR)
	ATTRIBUTION_DATA_DIR=$(TEST_DIR) ATTRIBUTION_SPARK_DIR=$(SPARK_DIR) $(SPARK_VENV)/bin/dbt build --target spark \
		--target-path $(SPARK_DIR)/dbt --log-path $(SPARK_DIR)/logs
	$(PY) -m attribution_kit.compare_engines --duckdb $(TEST_DB) --spark-dir $(SPARK_DIR)

clean:
	rm -rf target logs data reports $(VENV) $(SPARK_VENV) integration_tests/dbt_packages integration_tests/package-lock.yml
