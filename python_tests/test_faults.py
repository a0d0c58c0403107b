"""Faults and bounded resources on DuckDB: a build killed midway, a file in use, reruns.

- A build killed with SIGKILL midway (twice: after some models, then while the
  largest table is being written) and then rerun gives the marts of a clean build.
- A build against a DuckDB file another process holds open stops at once, before
  writing anything, with a message naming the file, the holder's PID and what to do.
- What a killed build can leave (`<model>__dbt_backup`, `<model>__dbt_tmp`) is
  dropped by the next build, even one of a selection that does not rebuild them.
- Reruns do not grow the file: after build 3 it is no larger than after build 2.
- The profile takes DuckDB's memory limit and spill folder from the environment.

Small generated data (120 accounts), so the whole module stays a few builds long.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import (
    BUILD_TIMEOUT_SECONDS,
    DBT_EXECUTABLE,
    DUCKDB_FILE_NAME,
    PROJECT_DIR,
    build_project,
    started_build,
)
from python_tests.marts import mart_differences, read_marts

ACCOUNTS = 120
SEED = 11
RUN_SETTINGS = "rpt_attribution_run_settings"
# Columns of the run-settings audit that name the build rather than its settings.
BUILD_IDENTITY_COLUMNS = ("invocation_id", "run_started_at")
# The largest stored table: the attribution hub's weights (the fact is a view over it). On
# DuckDB it is materialized='incremental' (docs/incremental_builds.md); the killed build runs
# with --full-refresh, so that it rewrites every row (the largest write of any build).
LARGEST_TABLE_STARTS = "START sql incremental model intermediate.int_journey_rule_weights"
# A failing build must end by itself while the file is still held: this only catches a
# build that waits for the lock (it would never end), it is not a speed target.
HANG_TIMEOUT_SECONDS = 300
BLOCK_BYTES = 256 * 1024  # DuckDB's block size: the file grows and is reused by whole blocks


@pytest.fixture(scope="module")
def fault_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("fault_data")
    subprocess.run(
        [sys.executable, "-m", "attribution_kit.generate", "--accounts", str(ACCOUNTS), "--seed", str(SEED),
         "--out", str(data_dir), "--quiet"],
        cwd=PROJECT_DIR,
        check=True,
    )
    return data_dir


@pytest.fixture(scope="module")
def clean_build(fault_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the fault data into a new file: the reference every fault is compared with."""
    db_path, _ = build_project(fault_data, tmp_path_factory.mktemp("clean_build"))
    return db_path


def copy_database(source: Path, folder: Path) -> Path:
    """A copy of a built DuckDB file (closed, no write-ahead log) as `folder/attribution.duckdb`."""
    folder.mkdir(parents=True, exist_ok=True)
    assert not source.with_name(source.name + ".wal").exists()
    return Path(shutil.copyfile(source, folder / DUCKDB_FILE_NAME))


def kill_build_when(
    data_dir: Path, folder: Path, should_kill, extra_args: list[str] | None = None
) -> list[str]:
    """Start `dbt build` on `folder`'s DuckDB file and SIGKILL its process group at the first log
    line for which `should_kill(line, lines_so_far)` is true. Returns the log lines read."""
    lines: list[str] = []
    with started_build(data_dir, folder, extra_args) as process:
        for line in process.stdout:
            lines.append(line)
            if should_kill(line, lines):
                os.killpg(process.pid, signal.SIGKILL)
                break
    assert process.returncode == -signal.SIGKILL, (
        "the build ended before the kill point:\n" + "".join(lines[-40:])
    )
    return lines


def created_models(lines: list[str]) -> int:
    return sum(" OK created " in line for line in lines)


def settings_rows(marts: dict) -> set[tuple]:
    """The run-settings audit's rows without the columns naming the build (distinct)."""
    columns, rows = marts[RUN_SETTINGS]
    keep = [i for i, column in enumerate(columns) if column not in BUILD_IDENTITY_COLUMNS]
    return {tuple(row[i] for i in keep) for row in rows}


def test_build_killed_midway_then_rerun_gives_the_marts_of_a_clean_build(
    fault_data: Path, clean_build: Path, tmp_path: Path
) -> None:
    clean = read_marts(clean_build)
    folder = tmp_path / "killed"
    copy_database(clean_build, folder)  # a rebuild: every model replaces its previous table

    first = kill_build_when(fault_data, folder, lambda line, lines: created_models(lines) >= 30)
    assert LARGEST_TABLE_STARTS not in "".join(first)
    second = kill_build_when(
        fault_data, folder, lambda line, lines: LARGEST_TABLE_STARTS in line, ["--full-refresh"]
    )
    assert created_models(second) > created_models(first)

    # Killed inside its transaction: the largest table is still the previous build's, whole,
    # and so is the fact that reads it.
    after_kill = read_marts(folder / DUCKDB_FILE_NAME)
    assert mart_differences(
        {"fct_attributed_touchpoints": after_kill["fct_attributed_touchpoints"]},
        {"fct_attributed_touchpoints": clean["fct_attributed_touchpoints"]},
    ) == []

    db_path, _ = build_project(fault_data, folder)
    rerun = read_marts(db_path)
    # One audit row per build that got as far as it (the clean one copied, the killed ones
    # that reached it, the rerun), all with the settings of the clean build.
    assert 2 <= len(rerun[RUN_SETTINGS][1]) <= 4
    assert settings_rows(rerun) == settings_rows(clean)
    for marts in (rerun, clean):
        del marts[RUN_SETTINGS]
    assert mart_differences(rerun, clean) == []  # bit for bit
    leftovers = duckdb.connect(str(db_path), read_only=True).execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_name like '%\\_\\_dbt\\_%' escape '\\'"
    ).fetchall()
    assert leftovers == []


def test_relations_left_by_a_killed_build_are_dropped_by_the_next_build(
    fault_data: Path, clean_build: Path, tmp_path: Path
) -> None:
    db_path = copy_database(clean_build, tmp_path / "leftovers")
    connection = duckdb.connect(str(db_path))
    # What a build killed between its commit and its cleanup leaves behind.
    connection.execute("create table marts.fct_attributed_touchpoints__dbt_backup as select 1 as x")
    connection.execute("create view staging.stg_crm__accounts__dbt_tmp as select 1 as x")
    connection.execute("create table main.rpt_user_notes (note varchar)")  # the user's own: kept
    connection.close()

    # A build of one small model: the leftovers belong to models it does not rebuild.
    _, completed = build_project(fault_data, tmp_path / "leftovers", select="dim_channels")

    connection = duckdb.connect(str(db_path), read_only=True)
    names = {
        f"{schema}.{name}"
        for schema, name in connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    connection.close()
    assert "marts.fct_attributed_touchpoints__dbt_backup" not in names
    assert "staging.stg_crm__accounts__dbt_tmp" not in names
    assert {"main.rpt_user_notes", "marts.fct_attributed_touchpoints", "staging.stg_crm__accounts"} <= names
    for dropped in ("marts.fct_attributed_touchpoints__dbt_backup", "staging.stg_crm__accounts__dbt_tmp"):
        schema, name = dropped.split(".")
        assert re.search(rf'dropping "[^"]+"\."{schema}"\."{name}", left by a build', completed.stdout)


HOLDER = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("create table held as select 42 as answer")
print("holding", flush=True)
time.sleep(3600)
"""


def test_a_build_on_a_file_in_use_stops_at_once_naming_the_file_and_its_holder(
    fault_data: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "in_use.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        completed = subprocess.run(
            [str(DBT_EXECUTABLE), "build", "--project-dir", str(PROJECT_DIR), "--target", "test",
             "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
            cwd=PROJECT_DIR,
            env={
                **os.environ,
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "ATTRIBUTION_DATA_DIR": str(fault_data),
                "ATTRIBUTION_DUCKDB_PATH": str(db_path),
                "DBT_USE_COLORS": "false",
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            },
            capture_output=True,
            text=True,
            timeout=HANG_TIMEOUT_SECONDS,
            check=False,
        )
        assert holder.poll() is None  # the build ended while the file was still held
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()

    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert f"The DuckDB file {db_path} is in use by another process (PID {holder.pid}" in output
    assert "ATTRIBUTION_DUCKDB_PATH=" in output and "then rerun" in output
    assert "Traceback" not in output
    assert " START " not in output  # no model, hook or test began
    connection = duckdb.connect(str(db_path), read_only=True)
    relations = connection.execute(
        "select table_schema, table_name from information_schema.tables"
    ).fetchall()
    connection.close()
    assert relations == [("main", "held")]


def test_reruns_do_not_grow_the_file(fault_data: Path, clean_build: Path, tmp_path: Path) -> None:
    db_path = copy_database(clean_build, tmp_path / "reruns")  # build 1
    sizes = [db_path.stat().st_size]
    for _ in range(2):
        build_project(fault_data, tmp_path / "reruns")
        assert not db_path.with_name(db_path.name + ".wal").exists()
        sizes.append(db_path.stat().st_size)
    # A rerun writes each table before the previous one is freed (at the checkpoint that
    # ends the build), so it can hold at most the previous build's file and a new copy.
    assert sizes[1] <= 2 * sizes[0], f"file sizes after builds 1-3: {sizes}"
    # Build 3 writes into the blocks build 2 freed. Slack: its two threads finish models in
    # another order, so other free blocks are reused first; 5% of the file, at least 8 blocks.
    slack = max(0.05 * sizes[1], 8 * BLOCK_BYTES)
    assert sizes[2] <= sizes[1] + slack, f"file sizes after builds 1-3: {sizes}"


def dbt_show_settings(tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    completed = subprocess.run(
        [str(DBT_EXECUTABLE), "show", "--project-dir", str(PROJECT_DIR), "--target", "test",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
         "--inline", "select current_setting('memory_limit') as memory_limit,"
         " current_setting('temp_directory') as temp_directory",
         "--output", "json", "--log-format", "json"],
        cwd=PROJECT_DIR,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("ATTRIBUTION_DUCKDB_")},
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    for line in completed.stdout.splitlines():
        event = json.loads(line)
        preview = event.get("data", {}).get("preview")
        if preview:
            [row] = json.loads(preview)
            return row
    raise AssertionError("no preview in dbt show's output:\n" + completed.stdout[-4000:])


def test_profile_takes_memory_limit_and_spill_folder_from_the_environment(tmp_path: Path) -> None:
    db_path = tmp_path / "settings.duckdb"
    spill = tmp_path / "spill"
    row = dbt_show_settings(tmp_path, {
        "ATTRIBUTION_DUCKDB_PATH": str(db_path),
        "ATTRIBUTION_DUCKDB_MEMORY_LIMIT": "321MB",
        "ATTRIBUTION_DUCKDB_TEMP_DIR": str(spill),
    })
    # DuckDB shows limits in binary units: 321 MB = 321e6 / 2**20 MiB.
    assert row == {"memory_limit": f"{321e6 / 2**20:.1f} MiB", "temp_directory": str(spill)}


def test_profile_defaults_are_4gb_and_a_folder_beside_the_file(tmp_path: Path) -> None:
    db_path = tmp_path / "defaults.duckdb"
    row = dbt_show_settings(tmp_path, {"ATTRIBUTION_DUCKDB_PATH": str(db_path)})
    assert row == {"memory_limit": f"{4e9 / 2**30:.1f} GiB", "temp_directory": f"{db_path}.tmp"}
