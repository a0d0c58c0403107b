"""Build benchmark: generate data of a given size, run `dbt build` on DuckDB and
print wall time, peak memory, the slowest models and the size of the outputs.
With `--builds N` the same data is built N times into the same file, and the
file's size after each build is printed (reruns must not grow it).

Usage:
    python -m attribution_kit.benchmark_build --target-touchpoints 10000000
    python -m attribution_kit.benchmark_build --accounts 2000 --select "+fct_attributed_touchpoints"
    python -m attribution_kit.benchmark_build --accounts 2000 --builds 3

Figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent


def peak_child_rss_mb() -> float:
    """Largest resident set of any finished child process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=PROJECT_DIR)
    return time.perf_counter() - started


def slowest_nodes(run_results: Path, count: int) -> list[tuple[str, float]]:
    results = json.loads(run_results.read_text())["results"]
    timed = [(r["unique_id"].split(".")[-1], float(r["execution_time"])) for r in results]
    return sorted(timed, key=lambda item: -item[1])[:count]


def file_sizes(database: Path) -> str:
    """The database file's size, its write-ahead log's, and its used and free blocks."""
    wal = database.with_name(database.name + ".wal")
    con = duckdb.connect(str(database), read_only=True)
    block_size, used, free = con.execute(
        "select block_size, used_blocks, free_blocks from pragma_database_size()"
    ).fetchone()
    con.close()
    wal_mb = wal.stat().st_size / 1e6 if wal.exists() else 0.0
    return (f"file {database.stat().st_size / 1e6:9.1f} MB   wal {wal_mb:6.1f} MB"
            f"   {block_size // 1024} KiB blocks: {used} used, {free} free")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--target-touchpoints", type=int, default=None)
    size.add_argument("--accounts", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default="parquet")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where data and database go (default: a temp dir)"
    )
    parser.add_argument("--select", default=None, help="dbt selection (default: everything)")
    parser.add_argument("--keep", action="store_true", help="keep the data and database")
    parser.add_argument("--builds", type=int, default=1,
                        help="build the same data this many times into the same file")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="attribution_bench_"))
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir, database = workdir / "data", workdir / "bench.duckdb"
    size_args = (
        ["--accounts", str(args.accounts)]
        if args.accounts
        else ["--target-touchpoints", str(args.target_touchpoints or 10_000_000)]
    )
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), ATTRIBUTION_DATA_DIR=str(data_dir),
               ATTRIBUTION_DUCKDB_PATH=str(database))
    bin_dir = Path(sys.executable).parent

    generate_seconds = run(
        [sys.executable, "-m", "attribution_kit.generate", *size_args, "--seed", str(args.seed),
         "--out", str(data_dir), "--format", args.fmt, "--quiet"],
        env,
    )
    generate_rss = peak_child_rss_mb()
    database.unlink(missing_ok=True)
    build = [str(bin_dir / "dbt"), "build", "--target", "dev", "--target-path", str(workdir / "target"),
             "--log-path", str(workdir / "logs")]
    if args.select:
        build += ["--select", args.select]
    build_seconds = run(build, env)
    build_rss = peak_child_rss_mb()
    database_bytes = database.stat().st_size
    reruns = [(build_seconds, file_sizes(database))]
    for _ in range(args.builds - 1):
        reruns.append((run(build, env), file_sizes(database)))

    con = duckdb.connect(str(database), read_only=True)
    counts = {
        table: con.execute(f"select count(*) from {table}").fetchone()[0]
        for table in ("staging.stg_marketing__touchpoints", "intermediate.int_journey_touchpoints_ordered",
                      "marts.dim_opportunities", "marts.fct_attributed_touchpoints")
    }
    con.close()

    print(f"\nbuild benchmark ({' '.join(size_args)}, {args.fmt}) on {os.cpu_count()} cores")
    print(f"  generate      {generate_seconds:8.1f} s   peak RSS {generate_rss:8.0f} MB")
    print(f"  dbt build     {build_seconds:8.1f} s   peak RSS {build_rss:8.0f} MB (max over all children)")
    print(f"  database      {database_bytes / 1e9:8.2f} GB")
    if args.builds > 1:
        print("  the same data built again into the same file:")
        for number, (seconds, sizes) in enumerate(reruns, start=1):
            print(f"    build {number}  {seconds:7.1f} s   {sizes}")
    for table, rows in counts.items():
        print(f"  {table:<48}{rows:>14,} rows")
    print("  slowest nodes:")
    for name, seconds in slowest_nodes(workdir / "target" / "run_results.json", 10):
        print(f"    {name:<60}{seconds:8.1f} s")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
