"""Build benchmark: generate data of one or more sizes, build it on DuckDB the way a
user runs it every day, and print what it costs.

For each size:
  - the full build (`dbt build --selector production`, and with --whole-project the
    plain `dbt build` of everything first, into its own file): wall time, CPU time
    (user + system of the dbt process and what it waited for), peak RSS, file size;
  - the floor: one set-based query over the same staged data that does the journey
    work in one pass (touches joined to opportunities on account inside
    [journey_start_at, journey_end_at], ranked, linear weights, a first-touch
    aggregate), run twice back to back in DuckDB under the same memory limit and
    threads; the full build's ratio to it;
  - a daily run: 1% new touches appended to the raw touchpoints file (new ids, on
    existing contacts and accounts, in the data's last day), then the production
    build again without --full-refresh: its time and share of the full build;
  - an unchanged rerun: the production build again, no new data;
  - the database file's size after each run, and the slowest nodes of each timed run.
`--builds N` rebuilds the same data N - 1 more times with --full-refresh into the same
file (the file must not grow). `--markdown` prints the README table.

Usage:
    python -m attribution_kit.bench.build --target-touchpoints 1000000 4000000
    python -m attribution_kit.bench.build --accounts 2000 --markdown

Figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The profile's default (profiles.yml); ATTRIBUTION_DUCKDB_MEMORY_LIMIT overrides both.
DEFAULT_MEMORY_LIMIT = "4GB"
PROFILE_THREADS = 2
PRODUCTION = ["--selector", "production"]


@dataclass
class Run:
    """One measured dbt invocation."""

    label: str
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    file_bytes: int
    slowest: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class SizeResult:
    size_label: str
    touchpoints: int
    runs: dict[str, Run]
    floor_seconds: tuple[float, float]
    appended: int


def run_measured(label: str, command: list[str], env: dict[str, str], database: Path) -> Run:
    """Run `command`, waiting with os.wait4 for its own CPU time and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=PROJECT_DIR)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return Run(
        label=label,
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KB
        file_bytes=database_bytes(database),
    )


def database_bytes(database: Path) -> int:
    """The database file's size with its write-ahead log."""
    wal = database.with_name(database.name + ".wal")
    return database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def slowest_nodes(run_results: Path, count: int) -> list[tuple[str, float]]:
    results = json.loads(run_results.read_text())["results"]
    # unique_id: <type>.<project>.<name>[.<hash> for a test]
    timed = [(r["unique_id"].split(".")[2], float(r["execution_time"])) for r in results]
    return sorted(timed, key=lambda item: -item[1])[:count]


def raw_file(data_dir: Path, table: str) -> Path:
    """The raw file the on-run-start hook reads for `table`: parquet first, else csv
    (macros/input/attribution_prepare_raw_inputs.sql, data format auto)."""
    for suffix in ("parquet", "csv"):
        path = data_dir / f"{table}.{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"no {table}.parquet or {table}.csv in {data_dir}")


def _reader(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return f"read_csv('{quoted}', all_varchar = true, header = true)"


# A plain UTC timestamp, the form the appended rows are written in.
PLAIN_TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}$"


def append_daily_touches(data_dir: Path, share: float = 0.01, day: int = 1, seed: int = 7) -> int:
    """Append `share` of the touchpoints file's rows as new touches, the way a day's load
    arrives, and return how many. Each new row copies an existing valid-looking row
    (one copy of its id, a plain timestamp: its contact, account, email, type, UTMs and
    campaign) with a new touchpoint_id (`tpd<day>_<n>`) and an occurred_at in the last
    day of the data (up to 24 hours before its latest plain timestamp). Set-based: one
    DuckDB statement rewrites the file in its format (csv or parquet)."""
    path = raw_file(data_dir, "touchpoints")
    source = _reader(path)
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    columns = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    total = con.execute(f"select count(*) from {source}").fetchall()[0][0]
    count = max(1, round(total * share))
    new_columns = {
        "touchpoint_id": f"'tpd{day}_' || lpad(cast(row_number() over (order by pick) as varchar), 9, '0')",
        "occurred_at": "strftime(last_at - to_seconds(pick % 86400), '%Y-%m-%d %H:%M:%S')",
    }
    select_new = ", ".join(
        f"cast({new_columns.get(column, column)} as varchar) as {column}" for column in columns
    )
    keep_old = ", ".join(f"cast({column} as varchar) as {column}" for column in columns)
    statement = f"""
        with raw as (
            select {keep_old} from {source}
        ),
        id_copies as (
            select touchpoint_id, count(*) as copies from raw group by touchpoint_id
        ),
        templates as (
            select raw.*, cast(trim(raw.occurred_at) as timestamp) as template_at
            from raw
            inner join id_copies on raw.touchpoint_id = id_copies.touchpoint_id
            where id_copies.copies = 1 and regexp_matches(trim(raw.occurred_at), '{PLAIN_TIMESTAMP}')
        ),
        picked as (
            select *, hash(touchpoint_id || '|{seed}|{day}') as pick,
                max(template_at) over () as last_at
            from templates
            order by pick
            limit {count}
        ),
        appended as (
            select {select_new} from picked
        )
        select * from raw
        union all
        select * from appended
    """
    staged = path.with_name(path.name + ".appending")
    options = "(format parquet)" if path.suffix == ".parquet" else "(format csv, header true)"
    con.execute(f"copy ({statement}) to '{staged}' {options}")
    con.close()
    staged.replace(path)
    return count


FLOOR_QUERY = """
with
opportunities as (
    select opportunity_id, account_id, journey_start_at, journey_end_at
    from intermediate.int_opportunities_prepared
    where is_attributed
),
touches as (
    select touchpoint_id, account_id, occurred_at, channel
    from intermediate.int_touchpoints_resolved
    where not is_unresolved
),
journeys as (
    select
        opportunities.opportunity_id,
        touches.channel,
        row_number() over (
            partition by opportunities.opportunity_id
            order by touches.occurred_at, touches.touchpoint_id
        ) as touch_position,
        count(*) over (partition by opportunities.opportunity_id) as touch_count
    from opportunities
    inner join touches
        on opportunities.account_id = touches.account_id
        and touches.occurred_at between opportunities.journey_start_at and opportunities.journey_end_at
)
select
    channel,
    sum(case when touch_position = 1 then 1 else 0 end) as first_touch_credit,
    sum(1.0 / touch_count) as linear_credit
from journeys
group by channel
"""


def floor_seconds(database: Path, memory_limit: str, temp_dir: Path) -> tuple[float, float]:
    """The floor query run twice back to back on the built database, under the profile's
    memory limit and threads."""
    con = duckdb.connect(str(database), read_only=True)
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute(f"set threads = {PROFILE_THREADS}")
    con.execute(f"set temp_directory = '{temp_dir}'")
    con.execute("set preserve_insertion_order = false")
    times = []
    for _ in range(2):
        started = time.perf_counter()
        con.execute(FLOOR_QUERY).fetchall()
        times.append(time.perf_counter() - started)
    con.close()
    return times[0], times[1]


def share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def print_table(result: SizeResult) -> None:
    full = result.runs["production"]
    floor = sum(result.floor_seconds)
    print(f"\n{result.size_label}: {result.touchpoints:,} raw touchpoints, {os.cpu_count()} cores")
    print(f"  {'run':<22}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}{'file MB':>10}{'share':>8}")
    for run in result.runs.values():
        print(
            f"  {run.label:<22}{run.wall_seconds:9.1f}{run.cpu_seconds:9.1f}{run.peak_rss_mb:13.0f}"
            f"{run.file_bytes / 1e6:10.1f}{share(run.wall_seconds, full.wall_seconds):>8}"
        )
    print(
        f"  floor query           {result.floor_seconds[0]:.1f} s + {result.floor_seconds[1]:.1f} s"
        f" back to back = {floor:.1f} s; full build / floor = {full.wall_seconds / floor:.1f}x"
    )
    print(f"  daily run appended {result.appended:,} touches")
    for run in result.runs.values():
        if run.slowest:
            print(f"  slowest nodes of the {run.label}:")
            for name, seconds in run.slowest:
                print(f"    {name:<60}{seconds:8.1f} s")


def print_markdown(results: list[SizeResult]) -> None:
    print(
        "\n| touchpoints | full build | CPU | peak RSS | file | floor (x2) | build / floor"
        " | daily run (1%) | unchanged rerun | file after reruns |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        full, daily, rerun = (result.runs[key] for key in ("production", "daily", "rerun"))
        floor = sum(result.floor_seconds)
        print(
            f"| {result.touchpoints / 1e6:.1f}M | {full.wall_seconds:.0f} s | {full.cpu_seconds:.0f} s"
            f" | {full.peak_rss_mb / 1024:.1f} GB | {full.file_bytes / 1e9:.2f} GB | {floor:.1f} s"
            f" | {full.wall_seconds / floor:.0f}x"
            f" | {daily.wall_seconds:.0f} s ({share(daily.wall_seconds, full.wall_seconds)})"
            f" | {rerun.wall_seconds:.0f} s ({share(rerun.wall_seconds, full.wall_seconds)})"
            f" | {rerun.file_bytes / 1e9:.2f} GB |"
        )


def benchmark_size(size_args: list[str], args: argparse.Namespace, workdir: Path) -> SizeResult:
    data_dir, database = workdir / "data", workdir / "bench.duckdb"
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), ATTRIBUTION_DATA_DIR=str(data_dir),
               ATTRIBUTION_DUCKDB_PATH=str(database))
    memory_limit = env.get("ATTRIBUTION_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    subprocess.run(
        [sys.executable, "-m", "attribution_kit.generate", *size_args, "--seed", str(args.seed),
         "--out", str(data_dir), "--format", args.fmt, "--quiet"],
        check=True, env=env, cwd=PROJECT_DIR,
    )  # fmt: skip
    con = duckdb.connect()
    raw_touchpoints = _reader(raw_file(data_dir, "touchpoints"))
    touchpoints = con.execute(f"select count(*) from {raw_touchpoints}").fetchall()[0][0]
    con.close()
    # One target path for every run: dbt parses once and reuses it (partial parsing).
    dbt = [str(Path(sys.executable).parent / "dbt"), "build", "--target", "dev",
           "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")]
    run_results = workdir / "target" / "run_results.json"
    runs: dict[str, Run] = {}
    if args.whole_project:
        whole_db = workdir / "whole.duckdb"
        whole_env = dict(env, ATTRIBUTION_DUCKDB_PATH=str(whole_db))
        runs["whole"] = run_measured("whole project", dbt, whole_env, whole_db)
        whole_db.unlink()
    database.unlink(missing_ok=True)
    full = run_measured("production build", [*dbt, *PRODUCTION, "--full-refresh"], env, database)
    full.slowest = slowest_nodes(run_results, 10)
    runs["production"] = full
    for number in range(2, args.builds + 1):
        runs[f"rebuild{number}"] = run_measured(
            f"same data, build {number}", [*dbt, *PRODUCTION, "--full-refresh"], env, database
        )
    floor = floor_seconds(database, memory_limit, workdir / "floor.tmp")
    appended = append_daily_touches(data_dir, share=args.daily_share, day=1, seed=args.seed)
    runs["daily"] = run_measured(f"daily run (+{args.daily_share:.0%})", [*dbt, *PRODUCTION], env, database)
    runs["daily"].slowest = slowest_nodes(run_results, 10)
    runs["rerun"] = run_measured("unchanged rerun", [*dbt, *PRODUCTION], env, database)
    runs["rerun"].slowest = slowest_nodes(run_results, 10)
    label = " ".join(size_args) + f" ({args.fmt}, memory limit {memory_limit})"
    return SizeResult(label, touchpoints, runs, floor, appended)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.bench.build", description=__doc__.splitlines()[0]
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--target-touchpoints", type=int, nargs="+", default=None)
    size.add_argument("--accounts", type=int, nargs="+", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default="parquet")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where data and databases go (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data and databases")
    parser.add_argument("--builds", type=int, default=1,
                        help="build the same data this many times into the same file (--full-refresh)")
    parser.add_argument("--daily-share", type=float, default=0.01, help="new touches of the daily run")
    parser.add_argument("--whole-project", action="store_true",
                        help="also time a plain `dbt build` of everything, unit tests included")
    parser.add_argument("--markdown", action="store_true", help="print the README table too")
    args = parser.parse_args(argv)

    sizes = (
        [["--accounts", str(n)] for n in args.accounts]
        if args.accounts
        else [["--target-touchpoints", str(n)] for n in (args.target_touchpoints or [10_000_000])]
    )
    root = args.workdir or Path(tempfile.mkdtemp(prefix="attribution_bench_"))
    results = []
    for size_args in sizes:
        workdir = root / size_args[1]
        workdir.mkdir(parents=True, exist_ok=True)
        result = benchmark_size(size_args, args, workdir)
        print_table(result)
        results.append(result)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.markdown:
        print_markdown(results)
    if not args.keep and not args.workdir:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
