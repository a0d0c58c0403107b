"""dbt-duckdb plugin: checks made just before dbt opens the DuckDB file.

1. The file is in use. DuckDB lets one process at a time open a database file for
   writing (a read-only connection also holds it) and refuses a second process at
   once: "Could not set lock on file ...: Conflicting lock is held in <program>
   (PID <pid>)". dbt-duckdb passes that error on as an unexpected exception, so
   `dbt build` prints it among three Python tracebacks. This plugin opens the file
   once itself just before dbt-duckdb does; when DuckDB refuses because of the
   lock, the build stops there, before anything is written, with one message that
   names the file, the process holding it and what to do. Any other error is left
   to dbt-duckdb.
2. Spill files of a killed build. DuckDB names its spill files in the temp
   directory after its process (`duckdb_temp_<pid>_...`) and removes them when it
   closes; a process killed with SIGKILL leaves them, and no later process removes
   them, so each killed build that spilled would leave up to its spill volume on
   disk. Those of processes that no longer run are removed, and logged (POSIX only:
   elsewhere a process cannot be probed without touching it).

Enabled for the DuckDB targets in profiles.yml (`plugins`, with `module_paths` so
dbt finds this package from the project folder, where dbt runs).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.events.logging import AdapterLogger

logger = AdapterLogger("DuckDB")

# DuckDB's wording (1.x and 2.0): 'Could not set lock on file "<path>": Conflicting lock is held
# in <program> (PID <pid>)' then more text; the PID part is missing where the OS does not report it.
LOCK_CONFLICT = re.compile(r"Could not set lock on file \"(?P<file>[^\"]+)\": Conflicting lock is held in ")
HOLDER_WITH_PID = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?)(?:\. |\.?$)", re.DOTALL)
# DuckDB's spill files: duckdb_temp_<pid>_<instance>_owner, duckdb_temp_<pid>_<instance>_storage_*.tmp, ...
SPILL_FILE = re.compile(r"duckdb_temp_(?P<pid>\d+)_")


def process_command(pid: int) -> str | None:
    """The command line of a running process, where the OS shows it (Linux /proc), else None."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    return command or None


def file_in_use_message(duckdb_error: str, command: str | None = None) -> str | None:
    """The message for a build refused because another process holds the file; None for any other error.

    `command` is the holder's command line when known (it tells a dbt build from a notebook).
    """
    match = LOCK_CONFLICT.search(duckdb_error)
    if match is None:
        return None
    with_pid = HOLDER_WITH_PID.search(duckdb_error)
    if with_pid:
        pid = with_pid.group("pid")
        holder = f"PID {pid}, {command or with_pid.group('program')}"
        stop = f"stop it (kill {pid})"
    else:
        without_pid = HOLDER.search(duckdb_error)
        holder = without_pid.group("program") if without_pid else "unknown program"
        stop = "stop it"
    return (
        f"The DuckDB file {match.group('file')} is in use by another process "
        f"({holder}). DuckDB lets one process at a time open a file for writing, so this build stopped "
        "before writing anything. Wait until that process ends (another dbt build, or a notebook, BI "
        f"tool or DuckDB shell that has the file open: close its connection), or {stop}, then rerun. "
        "Or build into another file: ATTRIBUTION_DUCKDB_PATH=<other file> dbt build."
    )


def process_is_running(pid: int) -> bool:
    """Whether a process of this id exists (POSIX: signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by another user
    return True


def remove_abandoned_spill_files(temp_directory: Path) -> dict[Path, int]:
    """Remove the DuckDB spill files of processes that no longer run; returns those removed, with sizes."""
    if os.name != "posix" or not temp_directory.is_dir():
        return {}
    removed = {}
    running: dict[int, bool] = {}
    for path in sorted(temp_directory.iterdir()):
        match = SPILL_FILE.match(path.name)
        if match is None or not path.is_file():
            continue
        pid = int(match.group("pid"))
        if pid not in running:
            running[pid] = pid == os.getpid() or process_is_running(pid)
        if not running[pid]:
            removed[path] = path.stat().st_size
            path.unlink()
    return removed


class Plugin(BasePlugin):
    """Before dbt-duckdb opens the file: a clear error when it is in use; a killed build's spill files go."""

    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        path = str(creds.path)
        if path == ":memory:" or path.startswith("md:"):
            return
        try:
            probe = duckdb.connect(path, read_only=False, config=dict(config))
        except duckdb.IOException as error:
            holder = HOLDER_WITH_PID.search(str(error))
            command = process_command(int(holder.group("pid"))) if holder else None
            message = file_in_use_message(str(error), command)
            if message is None:
                raise
            # dbt-duckdb reports a RuntimeError raised while connecting as a "Database Error", no traceback.
            raise RuntimeError(message) from None
        try:
            temp_directory = probe.execute("select current_setting('temp_directory')").fetchone()[0]
        finally:
            probe.close()
        if temp_directory:
            removed = remove_abandoned_spill_files(Path(temp_directory))
            if removed:
                logger.info(
                    f"Removed {len(removed)} spill files ({sum(removed.values()) / 1e6:.1f} MB) of DuckDB "
                    f"processes that no longer run (a build killed midway) from {temp_directory}"
                )
