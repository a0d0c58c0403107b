"""dbt-duckdb plugin: stop at once, with one clear message, when the DuckDB file is in use.

DuckDB lets one process at a time open a database file for writing (a read-only
connection also holds it) and refuses a second process at once: "Could not set
lock on file ...: Conflicting lock is held in <program> (PID <pid>)". dbt-duckdb
passes that error on as an unexpected exception, so `dbt build` prints it among
three Python tracebacks. This plugin opens the file once itself just before
dbt-duckdb does; when DuckDB refuses because of the lock, the build stops there,
before any model is written, with a message that names the file, the process
holding it and what to do. Any other error is left to dbt-duckdb.

Enabled for the DuckDB targets in profiles.yml (`plugins`, with `module_paths` so
dbt finds this package from the project folder, where dbt runs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin

# DuckDB's wording (1.x and 2.0): 'Could not set lock on file "<path>": Conflicting lock is held
# in <program> (PID <pid>)' then more text; the PID part is missing where the OS does not report it.
LOCK_CONFLICT = re.compile(r"Could not set lock on file \"(?P<file>[^\"]+)\": Conflicting lock is held in ")
HOLDER_WITH_PID = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?)(?:\. |\.?$)", re.DOTALL)


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


class Plugin(BasePlugin):
    """Opens the database file once before dbt-duckdb does, to turn a lock conflict into a clear error."""

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
        probe.close()
