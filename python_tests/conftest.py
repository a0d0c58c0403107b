"""Shared helpers for the end-to-end tests: run `dbt build` on a folder of raw files.

Every build writes its DuckDB file and logs under the test's own temp folder, so
tests never collide with each other or with anyone else running dbt in the
project folder. Builds of one test process share a private work folder (target
path and DuckDB path), so dbt parses the project once and then partially
re-parses (about 3 s saved per build); each finished DuckDB file is moved to the
caller's folder.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
CRM_SMALL_DIR = FIXTURES_DIR / "crm_small"
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")
BUILD_TIMEOUT_SECONDS = 600
DUCKDB_FILE_NAME = "attribution.duckdb"
# The crm_small fixture is bad on purpose (every rejection reason has a row), far above the
# 2 % a table may lose by default: full builds of it accept the loss explicitly.
FIXTURE_LOSS_VARS = {"attribution_max_rejected_share": 1}


def _work_dir() -> Path:
    """This process's dbt work folder: the shared target path and the DuckDB path every build uses.

    dbt re-parses the whole project when the profile (the DuckDB path) changes, so
    builds go to one fixed path here and the result is moved afterwards. The folder
    is named after the process, so it is shared even when this module is imported
    twice (as pytest's conftest and as `python_tests.conftest`).
    """
    work_dir = Path(tempfile.gettempdir()) / f"attribution-e2e-{os.getpid()}"
    if not work_dir.exists():
        work_dir.mkdir()
        atexit.register(shutil.rmtree, work_dir, ignore_errors=True)
    return work_dir


def _move_database(source: Path, destination: Path) -> None:
    """Move a DuckDB file (and its write-ahead log, if any) to `destination`."""
    for suffix in ("", ".wal"):
        source_file = source.with_name(source.name + suffix)
        destination_file = destination.with_name(destination.name + suffix)
        destination_file.unlink(missing_ok=True)
        if source_file.exists():
            shutil.move(source_file, destination_file)


def _build_invocation(
    data_dir: Path | str,
    log_dir: Path,
    vars: dict | None,
    select: str | None,
    with_tests: bool = True,
    extra_args: list[str] | None = None,
    unit_tests: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """The `dbt build` command and environment of build_project, on the shared work DuckDB path.

    dbt unit tests run only with `unit_tests`: they read fixed fixtures, not the test's
    data, so they prove nothing new there; `make dbt-test` and the Spark build run every
    one, and a source system's build asks for them (its rules' unit tests run only there).
    """
    env = {
        **os.environ,
        **({} if unit_tests else {"DBT_EXCLUDE_RESOURCE_TYPES": "unit_test"}),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "ATTRIBUTION_DATA_DIR": str(Path(data_dir).resolve()),
        "ATTRIBUTION_DUCKDB_PATH": str(_work_dir() / DUCKDB_FILE_NAME),
        "DBT_USE_COLORS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(DBT_EXECUTABLE),
        "build",
        "--project-dir",
        str(PROJECT_DIR),
        "--target",
        "test",
        "--target-path",
        str(_work_dir() / "target"),
        "--log-path",
        str(log_dir),
    ]
    if vars:
        command += ["--vars", json.dumps(vars)]
    if select:
        command += [
            "--select",
            *select.split(),
            "--indirect-selection",
            "cautious" if with_tests else "empty",
        ]
    return command + list(extra_args or []), env


def generate_world(out: Path, accounts: int, seed: int, *options: str) -> Path:
    """Write the demo generator's world to `out` (attribution_kit.generate's options, e.g. a shape)."""
    subprocess.run(
        [
            sys.executable, "-m", "attribution_kit.generate",
            "--accounts", str(accounts), "--seed", str(seed), "--out", str(out), "--quiet", *options,
        ],
        cwd=PROJECT_DIR,
        check=True,
    )  # fmt: skip
    return out


def build_project(
    data_dir: Path | str,
    tmp_path: Path | str,
    vars: dict | None = None,
    select: str | None = None,
    expect_success: bool = True,
    with_tests: bool = True,
    extra_args: list[str] | None = None,
    unit_tests: bool = False,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run `dbt build` on the raw files in `data_dir`; the DuckDB file ends up in `tmp_path`.

    An existing `tmp_path/attribution.duckdb` is built over (a rebuild). `select`
    is a dbt selection (space separated); tests are then selected cautiously
    (only those whose parents are all selected), or none with `with_tests=False`
    (a build of models and seeds only, for comparisons); dbt unit tests run only with
    `unit_tests` (see _build_invocation). `extra_args` go to the end of
    the command (e.g. `--full-refresh`, `--exclude resource_type:unit_test`). Returns the path of the DuckDB
    file (which does not exist if dbt never opened it) and the completed process
    (stdout holds dbt's log lines). With `expect_success` the build must exit 0;
    with `expect_success=False` it must fail.
    """
    tmp_path = Path(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    db_path = tmp_path / DUCKDB_FILE_NAME
    work_db_path = _work_dir() / DUCKDB_FILE_NAME
    _move_database(db_path, work_db_path)
    command, env = _build_invocation(
        data_dir, tmp_path / "logs", vars, select, with_tests, extra_args, unit_tests
    )
    try:
        completed = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_SECONDS,
            check=False,
        )
    finally:
        _move_database(work_db_path, db_path)
    if expect_success and completed.returncode != 0:
        raise AssertionError(
            f"dbt build failed (exit {completed.returncode}) on {data_dir}:\n"
            f"{completed.stdout[-8000:]}\n{completed.stderr[-4000:]}"
        )
    if not expect_success and completed.returncode == 0:
        raise AssertionError(f"dbt build unexpectedly succeeded on {data_dir}:\n{completed.stdout[-4000:]}")
    return db_path, completed


@contextmanager
def started_build(
    data_dir: Path | str, tmp_path: Path | str, extra_args: list[str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """`dbt build` as build_project runs it, started but not awaited, for tests that interrupt it.

    Yields the process: it leads its own process group (a test can kill it and any
    child with os.killpg), and its stdout carries dbt's log lines (stderr merged).
    On leaving, waits for it to end and moves the DuckDB file (and its write-ahead
    log) to `tmp_path`, as build_project does.
    """
    tmp_path = Path(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    db_path = tmp_path / DUCKDB_FILE_NAME
    work_db_path = _work_dir() / DUCKDB_FILE_NAME
    _move_database(db_path, work_db_path)
    command, env = _build_invocation(data_dir, tmp_path / "logs", None, None, extra_args=extra_args)
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        try:
            process.communicate(timeout=BUILD_TIMEOUT_SECONDS)  # drains stdout: dbt never blocks on it
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        _move_database(work_db_path, db_path)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The crm_small fixture, fully built once per session; yields the DuckDB path (open it read-only)."""
    db_path, _ = build_project(
        CRM_SMALL_DIR, tmp_path_factory.mktemp("crm_small_build"), vars=FIXTURE_LOSS_VARS
    )
    yield db_path
