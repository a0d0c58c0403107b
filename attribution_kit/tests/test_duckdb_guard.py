"""The dbt-duckdb plugin run before dbt opens the DuckDB file.

A real conflict: another process holds the file (read-write or read-only) and the
plugin, run as dbt-duckdb runs it before connecting, must stop with the message.
The messages DuckDB writes without a PID are checked on their text. A real
killed spill: a DuckDB process killed with SIGKILL while spilling leaves its
files in the temp directory; the plugin removes them, and never those of a
process that still runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from attribution_kit.duckdb_guard import Plugin, file_in_use_message, remove_abandoned_spill_files

HOLDER = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
print("holding", flush=True)
time.sleep(600)
"""


def plugin() -> Plugin:
    return Plugin(name="duckdb_guard", plugin_config={})


@pytest.fixture(params=["read_write", "read_only"])
def held_file(request: pytest.FixtureRequest, tmp_path: Path):
    path = tmp_path / "held.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), request.param], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield path, holder.pid
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_file_held_by_another_process_stops_with_file_pid_and_what_to_do(held_file) -> None:
    path, pid = held_file
    with pytest.raises(RuntimeError) as raised:
        plugin().update_connection_config(SimpleNamespace(path=str(path)), {})
    message = str(raised.value)
    assert message.startswith(f"The DuckDB file {path} is in use by another process (PID {pid}, ")
    if Path(f"/proc/{pid}/cmdline").exists():  # Linux: the holder's command line, not just its program
        assert f"(PID {pid}, {sys.executable} -c " in message
    assert f"kill {pid}" in message
    assert "ATTRIBUTION_DUCKDB_PATH=<other file> dbt build" in message


def test_a_free_file_is_left_closed_for_dbt_to_open(tmp_path: Path) -> None:
    path = tmp_path / "free.duckdb"
    plugin().update_connection_config(SimpleNamespace(path=str(path)), {"memory_limit": "500MB"})
    # The probe is closed: the file opens again with another configuration.
    connection = duckdb.connect(str(path), config={"memory_limit": "300MB"})
    connection.execute("create table t as select 1 as x")
    connection.close()


def test_other_errors_are_left_to_dbt_duckdb(tmp_path: Path) -> None:
    with pytest.raises(duckdb.IOException):
        plugin().update_connection_config(SimpleNamespace(path=str(tmp_path / "missing" / "a.duckdb")), {})


def test_in_memory_databases_are_not_probed() -> None:
    plugin().update_connection_config(SimpleNamespace(path=":memory:"), {})


@pytest.mark.parametrize(
    ("duckdb_error", "holder", "stop"),
    [
        (
            'IO Error: Could not set lock on file "/data/a.duckdb": Conflicting lock is held in '
            "/usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/current/connect/concurrency",
            "(PID 4242, /usr/bin/python3.11)",
            "or stop it (kill 4242), then rerun",
        ),
        (
            'IO Error: Could not set lock on file "/data/a.duckdb": Conflicting lock is held in '
            "/opt/bi/server. See also https://duckdb.org/docs/current/connect/concurrency",
            "(/opt/bi/server)",
            "or stop it, then rerun",
        ),
    ],
)
def test_message_names_the_holder_with_or_without_a_pid(duckdb_error: str, holder: str, stop: str) -> None:
    message = file_in_use_message(duckdb_error)
    assert message.startswith(f"The DuckDB file /data/a.duckdb is in use by another process {holder}. ")
    assert stop in message


def test_other_messages_are_not_taken_for_a_lock_conflict() -> None:
    error = 'IO Error: Cannot open file "/data/a.duckdb": No such file or directory'
    assert file_in_use_message(error) is None


SPILLER = """
import sys
import duckdb
config = {"memory_limit": "40MB", "temp_directory": sys.argv[2], "threads": 1}
connection = duckdb.connect(sys.argv[1], config=config)
connection.execute(
    "create table t as select range as i, md5(range::varchar) as h from range(20000000) order by h"
)
"""


def test_spill_files_of_a_killed_duckdb_process_are_removed_before_the_next_open(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    spiller = subprocess.Popen([sys.executable, "-c", SPILLER, str(tmp_path / "a.duckdb"), str(spill)])
    try:
        deadline = time.monotonic() + 120
        while not any(spill.glob("*storage*")) and spiller.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any(spill.glob("*storage*")), "the process did not spill"
    finally:
        spiller.send_signal(signal.SIGKILL)
        spiller.wait()
    left = sorted(path.name for path in spill.iterdir())
    assert left and all(name.startswith(f"duckdb_temp_{spiller.pid}_") for name in left)

    plugin().update_connection_config(
        SimpleNamespace(path=str(tmp_path / "a.duckdb")), {"temp_directory": str(spill)}
    )
    assert list(spill.iterdir()) == []


def test_spill_files_of_running_processes_and_other_files_are_kept(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        names = {
            f"duckdb_temp_{ended.pid}_0_owner": b"",
            f"duckdb_temp_{ended.pid}_0_storage_DEFAULT-0.tmp": b"x" * 1000,
            f"duckdb_temp_{running.pid}_0_storage_DEFAULT-0.tmp": b"y" * 10,
            f"duckdb_temp_{os.getpid()}_1_storage_S64K-0.tmp": b"z",
            "notes.txt": b"mine",
        }
        for name, content in names.items():
            (tmp_path / name).write_bytes(content)
        removed = remove_abandoned_spill_files(tmp_path)
    finally:
        running.kill()
        running.wait()
    assert {path.name: size for path, size in removed.items()} == {
        f"duckdb_temp_{ended.pid}_0_owner": 0,
        f"duckdb_temp_{ended.pid}_0_storage_DEFAULT-0.tmp": 1000,
    }
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        set(names) - {path.name for path in removed}
    )
