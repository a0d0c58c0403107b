"""The project installed as a dbt package (integration_tests/, `local: ../`) builds the same marts.

A user's own dbt project installs the package from its parent folder, `dbt deps`, and
builds it on DuckDB: once reading the raw files, once reading tables of a warehouse
schema whose names are set by the identifier vars (attribution_<table>_identifier).
Both builds' marts must equal the standalone build's, row for row (but the build's own
identity in rpt_attribution_run_settings); the package's
models land in the schemas the user's project names (dbt's default: <target schema>_<custom
schema>), never in the standalone's bare `marts`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import (
    BUILD_TIMEOUT_SECONDS,
    DBT_EXECUTABLE,
    PROJECT_DIR,
    build_project,
    generate_world,
)
from python_tests.csv_files import CONTRACT_TABLES
from python_tests.marts import comparable, mart_differences, read_marts

INTEGRATION_DIR = PROJECT_DIR / "integration_tests"
# The user's profile (integration_tests/profiles.yml) builds into schema `analytics`.
USER_MARTS_SCHEMA = "analytics_marts"
# The warehouse shape: the input tables in the user's own schema, under the user's own names.
WAREHOUSE_SCHEMA = "crm_export"
# Models, seeds and data tests; the unit tests are the standalone build's business.
LEAN_SELECTION = "resource_type:model resource_type:seed resource_type:test"


def _dbt(
    args: list[str], work: Path, env: dict[str, str], project: Path = INTEGRATION_DIR
) -> subprocess.CompletedProcess[str]:
    """Run dbt in the integration project, its target and logs under `work`; fail with dbt's log."""
    command = [str(DBT_EXECUTABLE), *args, "--log-path", str(work / "logs")]
    if args[0] in ("build", "parse"):
        command += ["--target-path", str(work / "target")]
    completed = subprocess.run(
        command,
        cwd=project,
        env={
            **os.environ,
            **env,
            "DBT_PROFILES_DIR": str(project),
            "DBT_USE_COLORS": "false",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    output = f"{completed.stdout[-8000:]}\n{completed.stderr[-4000:]}"
    assert completed.returncode == 0, f"dbt {args[0]} failed:\n{output}"
    return completed


def _build_installed(world: Path, db_path: Path, work: Path, vars: dict | None = None) -> None:
    """`dbt deps` (a local package installs offline), then the lean build of the package."""
    env = {"ATTRIBUTION_DATA_DIR": str(world), "ATTRIBUTION_DUCKDB_PATH": str(db_path)}
    _dbt(["deps"], work, env)
    args = ["build", "--select", "package:attribution"]
    args += ["--exclude-resource-type", "unit_test"]
    if vars:
        args += ["--vars", json.dumps(vars)]
    _dbt(args, work, env)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One small world built standalone, installed with raw files, and installed over warehouse tables."""
    root = tmp_path_factory.mktemp("package_install")
    world = generate_world(root / "world", 150, 11)
    standalone, _ = build_project(world, root / "standalone", select=LEAN_SELECTION)

    installed = root / "installed" / "attribution.duckdb"
    installed.parent.mkdir()
    _build_installed(world, installed, root / "installed")

    # The warehouse: the raw views the installed build registered, copied into tables of
    # schema crm_export under non-default names; nothing is left under the default names.
    warehouse = root / "warehouse" / "attribution.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(installed, warehouse)
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute(f"create schema {WAREHOUSE_SCHEMA}")
        for table in CONTRACT_TABLES:
            connection.execute(
                f"create table {WAREHOUSE_SCHEMA}.export_{table} as select * from attribution_raw.{table}"
            )
        for (schema,) in connection.execute(
            "select schema_name from information_schema.schemata"
            " where schema_name = 'attribution_raw' or schema_name like 'analytics%'"
        ).fetchall():
            connection.execute(f"drop schema {schema} cascade")
    finally:
        connection.close()
    warehouse_vars = {
        "attribution_raw_files": False,
        "attribution_source_schema": WAREHOUSE_SCHEMA,
        **{f"attribution_{table}_identifier": f"export_{table}" for table in CONTRACT_TABLES},
    }
    # No data folder: a warehouse build must not look for files.
    _build_installed(root / "no_such_folder", warehouse, root / "warehouse", vars=warehouse_vars)
    return {"standalone": standalone, "installed": installed, "warehouse": warehouse}


def _schemas(db_path: Path) -> set[str]:
    connection = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = connection.execute("select distinct table_schema from information_schema.tables").fetchall()
        return {row[0] for row in rows}
    finally:
        connection.close()


def test_installed_package_lands_in_the_users_schemas(builds: dict[str, Path]) -> None:
    assert _schemas(builds["standalone"]) >= {"staging", "intermediate", "marts", "seeds", "attribution_raw"}
    installed = _schemas(builds["installed"])
    assert {"analytics_staging", "analytics_intermediate", "analytics_marts", "analytics_seeds"} <= installed
    assert not installed & {"staging", "intermediate", "marts", "seeds"}
    # The warehouse build read crm_export's tables and registered no raw view of its own.
    assert "attribution_raw" not in _schemas(builds["warehouse"])
    assert WAREHOUSE_SCHEMA in _schemas(builds["warehouse"])


@pytest.mark.parametrize("build", ["installed", "warehouse"])
def test_installed_package_builds_the_standalone_marts(builds: dict[str, Path], build: str) -> None:
    # Every column but the build's own identity (rpt_attribution_run_settings' invocation and time).
    standalone = comparable(read_marts(builds["standalone"]))
    installed = comparable(read_marts(builds[build], schema=USER_MARTS_SCHEMA))
    assert len(standalone) > 20  # every mart was read, not none
    assert mart_differences(standalone, installed) == []


# A user's own schema naming: custom schemas prefixed `user_`, whatever the target.
USERS_GENERATE_SCHEMA_NAME = """{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}
    {%- else -%}user_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
"""


def test_the_users_own_project_keeps_its_say(tmp_path: Path) -> None:
    """A root project that overrides generate_schema_name gets the package's models where it says,
    and a run of its own models alone does not touch the package's inputs."""
    project = tmp_path / "project"
    leftovers = shutil.ignore_patterns("dbt_packages", "target", "logs", "package-lock.yml")
    shutil.copytree(INTEGRATION_DIR, project, ignore=leftovers)
    (project / "packages.yml").write_text(f"packages:\n  - local: {PROJECT_DIR}\n")
    (project / "macros").mkdir()
    (project / "macros" / "generate_schema_name.sql").write_text(USERS_GENERATE_SCHEMA_NAME)
    _dbt(["deps"], tmp_path, {}, project)
    _dbt(["parse"], tmp_path, {}, project)
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    schemas = {
        node["schema"]
        for node in manifest["nodes"].values()
        if node["package_name"] == "attribution" and node["resource_type"] in ("model", "seed")
    }
    assert schemas == {"user_staging", "user_intermediate", "user_marts", "user_seeds"}

    # A run of the user's own model alone: the package's raw-file hook (on by default on
    # DuckDB) leaves the raw tables alone; it would otherwise stop at the missing files.
    (project / "models").mkdir()
    (project / "models" / "users_model.sql").write_text("select 1 as id\n")
    env = {
        "ATTRIBUTION_DATA_DIR": str(tmp_path / "no_such_folder"),
        "ATTRIBUTION_DUCKDB_PATH": str(tmp_path / "u.duckdb"),
    }
    _dbt(["build", "--select", "users_model"], tmp_path, env, project)


def test_the_package_installs_from_git(tmp_path: Path) -> None:
    """The `git:` form of packages.yml, offline: a clone of this repository named by a file:// URL
    and pinned to a commit installs with `dbt deps` and parses with every model of the package.
    (It installs the committed tree: what the working tree changes is not in the clone.)"""
    clone = tmp_path / "attribution.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(PROJECT_DIR), str(clone)], check=True)
    revision = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.strip()
    project = tmp_path / "project"
    leftovers = shutil.ignore_patterns("dbt_packages", "target", "logs", "package-lock.yml")
    shutil.copytree(INTEGRATION_DIR, project, ignore=leftovers)
    (project / "packages.yml").write_text(
        f'packages:\n  - git: "file://{clone}"\n    revision: {revision}\n'
    )
    _dbt(["deps"], tmp_path, {}, project)
    assert (project / "dbt_packages" / "attribution" / "dbt_project.yml").is_file()
    _dbt(["parse"], tmp_path, {}, project)
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    models = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["package_name"] == "attribution" and node["resource_type"] == "model"
    }
    committed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision, "models"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
    ).stdout.split()
    # Every model file of the commit is a model of the installed package, but those a var leaves
    # disabled by default (the Salesforce and HubSpot ones).
    expected = {
        Path(path).stem
        for path in committed
        if path.endswith((".sql", ".py")) and "/salesforce/" not in path and "/hubspot/" not in path
    }
    assert "fct_attributed_touchpoints" in models and "attribution_models" in models
    assert models == expected
