"""Compare the marts of two builds of the project: DuckDB and Apache Spark.

`make test-spark` builds the project on Spark (dbt-spark, session method) from
the same raw files as the DuckDB build of `make dbt-test`, then runs this
module: every mart Spark built must exist in the DuckDB build with the same
columns and the same rows, text, integers, booleans, dates and timestamps
equal, floating-point numbers equal to 1e-9 (relative to the number's size when
it is larger than 1, so money in the millions is held to a thousandth of a
cent). The `max diff` column prints the largest such scaled difference.

The Spark tables are plain parquet files under the Spark warehouse folder
(profiles.yml, target `spark`); DuckDB reads them directly, so the comparison
needs no second Spark session. Which marts Spark built comes from the Spark
run's manifest: a mart that is disabled there (the Python-only models, on a
target that does not run dbt Python models) is listed as such, not compared.

Rows of an attribution model Spark does not build (incremental, whose fit is a
dbt Python model) are left out of the DuckDB side and counted in the output.
Rows are matched after sorting both sides by every column (floating-point
columns rounded to 6 decimals in the sort key only), so no mart needs a
declared key. rpt_attribution_run_settings is an append-only audit: its
latest row on each side is compared, without the columns that describe the
run itself (invocation, start time, engine, dbt version) or its engine's
reach (whether the incremental model was built).

A mart that is a view (fct_attributed_touchpoints, fct_attribution_weights:
the attribution hub unpivoted and wide) stores no files on Spark; it is
listed as such, and the tables it reads are compared instead: the hub's
intermediate tables (HUB_TABLES), without the weight and share columns of a
model Spark does not build and without the columns naming the build that
wrote a row (HUB_BUILD_COLUMNS).

Exit status 0 when every mart agrees, 1 otherwise. Usage:
    python -m attribution_kit.compare_engines --duckdb target/attribution_test.duckdb \\
        --spark-dir target/spark
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

TOLERANCE = 1e-9
FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL"}
RUN_SETTINGS = "rpt_attribution_run_settings"
# Columns of the audit that describe the run, not its settings.
RUN_COLUMNS = {"invocation_id", "run_started_at", "engine", "dbt_version"}
# Whether the engine built the incremental model: differs by engine by design.
ENGINE_COLUMNS = {"is_incremental_built"}
# An attribution model's weights come from int_touchpoints_weighted_<model>.
WEIGHTS_PREFIX = "int_touchpoints_weighted_"
# The attribution hub's stored tables (intermediate schema), compared like marts:
# the fact and the wide weights are views over them.
HUB_TABLES = ("int_journey_rule_weights", "int_journey_channel_shares")
# Their columns naming the build that wrote a row (each engine has its own invocations
# and renders its own SQL, whose hash names the weight definitions): not compared.
HUB_BUILD_COLUMNS = {"journey_built_by", "rule_definition_hash"}
# Their per-model columns: <prefix><attribution model>.
MODEL_COLUMN_PREFIXES = ("weight_", "share_")


@dataclass
class MartResult:
    name: str
    status: str
    duckdb_rows: int | None = None
    spark_rows: int | None = None
    max_difference: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class SparkBuild:
    marts: set[str]  # marts the Spark run built
    views: set[str]  # those of them that are views (no table files)
    disabled_marts: set[str]  # marts its manifest has but disabled
    skipped_models: set[str]  # attribution models whose weights model is disabled there


def read_spark_build(spark_dir: Path) -> SparkBuild:
    """What the Spark run built, from its manifest.

    An attribution model the Spark target does not build (incremental: its fit is a
    dbt Python model) has its weights model int_touchpoints_weighted_<model> among
    the disabled nodes; its rows are left out of the comparison (SPEC section 5:
    portability comparisons cover the models both engines run)."""
    manifest = json.loads((spark_dir / "dbt" / "manifest.json").read_text())
    mart_nodes = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    built = {node["name"] for node in mart_nodes}
    disabled = [
        node
        for versions in manifest.get("disabled", {}).values()
        for node in versions
        if node.get("resource_type") == "model"
    ]
    return SparkBuild(
        marts=built,
        views={node["name"] for node in mart_nodes if node.get("config", {}).get("materialized") == "view"},
        disabled_marts={node["name"] for node in disabled if "marts" in node.get("fqn", [])},
        skipped_models={
            node["name"].removeprefix(WEIGHTS_PREFIX)
            for node in disabled
            if node["name"].startswith(WEIGHTS_PREFIX) and not node["name"].endswith("_py")
        },
    )


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    rows = con.execute(f"describe select * from {relation}").fetchall()
    return {name: dtype for name, dtype, *_ in rows}


def _normalised_select(relation: str, columns: dict[str, str], keep: list[str]) -> str:
    """Columns in a fixed order; timestamps as UTC timestamps without zone."""
    parts = []
    for name in keep:
        dtype = columns[name]
        if dtype.startswith("TIMESTAMP"):
            parts.append(f'cast("{name}" as timestamp) as "{name}"')
        elif dtype in FLOAT_TYPES:
            parts.append(f'cast("{name}" as double) as "{name}"')
        elif dtype in {"INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"}:
            parts.append(f'cast("{name}" as bigint) as "{name}"')
        else:
            parts.append(f'"{name}"')
    return f"select {', '.join(parts)} from {relation}"


def compare_mart(
    con: duckdb.DuckDBPyConnection,
    name: str,
    spark_path: Path,
    skipped_models: frozenset[str] = frozenset(),
    schema: str = "marts",
) -> MartResult:
    duck_relation = f"duck.{schema}.{name}"
    spark_relation = f"read_parquet('{spark_path}/**/*.parquet')"
    duck_columns = _columns(con, duck_relation)
    left_out = ""
    skipped_columns = [
        f"{prefix}{model}" for prefix in MODEL_COLUMN_PREFIXES for model in sorted(skipped_models)
        if f"{prefix}{model}" in duck_columns
    ]  # fmt: skip
    if skipped_columns:
        duck_columns = {c: t for c, t in duck_columns.items() if c not in skipped_columns}
        duck_relation = f"(select {', '.join(duck_columns)} from {duck_relation})"
        left_out = f"DuckDB columns {', '.join(skipped_columns)} not compared"
    if skipped_models and "attribution_model" in duck_columns:
        models = ", ".join(f"'{m}'" for m in sorted(skipped_models))
        skipped_rows = con.execute(
            f"select count(*) from {duck_relation} where attribution_model in ({models})"
        ).fetchone()[0]
        duck_relation = f"(select * from {duck_relation} where attribution_model not in ({models}))"
        if skipped_rows:
            left_out = f"{skipped_rows:,} DuckDB rows of {', '.join(sorted(skipped_models))} not compared"
    spark_columns = _columns(con, spark_relation)
    if set(duck_columns) != set(spark_columns):
        return MartResult(
            name,
            "FAIL",
            detail=f"columns differ: only DuckDB {sorted(set(duck_columns) - set(spark_columns))}, "
            f"only Spark {sorted(set(spark_columns) - set(duck_columns))}",
        )
    keep = [
        c for c in duck_columns
        if not (name == RUN_SETTINGS and c in RUN_COLUMNS | ENGINE_COLUMNS)
        and not (name in HUB_TABLES and c in HUB_BUILD_COLUMNS)
    ]  # fmt: skip
    floats = [c for c in keep if duck_columns[c] in FLOAT_TYPES or spark_columns[c] in FLOAT_TYPES]
    exact = [c for c in keep if c not in floats]
    if name == RUN_SETTINGS:
        duck_relation, spark_relation = (
            f"(select * from {relation} order by run_started_at desc limit 1)"
            for relation in (duck_relation, spark_relation)
        )
    duck_sql = _normalised_select(duck_relation, duck_columns, keep)
    spark_sql = _normalised_select(spark_relation, spark_columns, keep)
    sort_key = ", ".join([f'"{c}"' for c in exact] + [f'round("{c}", 6)' for c in floats]) or "1"
    for side, sql in (("d", duck_sql), ("s", spark_sql)):
        con.execute(
            f"create or replace temp table {side} as "
            f"select row_number() over (order by {sort_key}) as row_index, * from ({sql})"
        )
    duck_rows = con.execute("select count(*) from d").fetchone()[0]
    spark_rows = con.execute("select count(*) from s").fetchone()[0]
    if duck_rows != spark_rows:
        return MartResult(name, "FAIL", duck_rows, spark_rows, detail=f"row counts differ {left_out}".strip())
    exact_test = " or ".join(f'd."{c}" is distinct from s."{c}"' for c in exact) or "false"
    # A float differs when one side is null and the other not, or by more than
    # TOLERANCE x max(1, |value|); `scaled` is that difference over its allowance unit.
    scaled = [f'abs(d."{c}" - s."{c}") / greatest(1, abs(d."{c}"), abs(s."{c}"))' for c in floats]
    float_test = (
        " or ".join(
            [f'(d."{c}" is null) <> (s."{c}" is null)' for c in floats]
            + [f"coalesce({x}, 0) > {TOLERANCE}" for x in scaled]
        )
        or "false"
    )
    largest = f"greatest({', '.join(f'coalesce({x}, 0)' for x in scaled)})" if floats else "0"
    mismatches, max_difference, example = con.execute(
        f"""
        select
            count(*) filter (where {exact_test} or {float_test}),
            max({largest}),
            min(row_index) filter (where {exact_test} or {float_test})
        from d inner join s using (row_index)
        """
    ).fetchone()
    if mismatches:
        first_d = con.execute("select * from d where row_index = ?", [example]).fetchone()
        first_s = con.execute("select * from s where row_index = ?", [example]).fetchone()
        return MartResult(
            name,
            "FAIL",
            duck_rows,
            spark_rows,
            max_difference,
            f"{mismatches} rows differ; first: DuckDB {first_d} vs Spark {first_s}",
        )
    return MartResult(name, "ok", duck_rows, spark_rows, max_difference or 0.0, left_out)


def compare(duckdb_path: Path, spark_dir: Path) -> list[MartResult]:
    spark = read_spark_build(spark_dir)
    built, disabled = spark.marts, spark.disabled_marts
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{duckdb_path}' as duck (read_only)")
    duck_marts = {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = 'duck' and schema_name = 'marts'"
        ).fetchall()
    }
    warehouse = spark_dir / "warehouse" / "marts.db"
    results = []
    for name in sorted(built | duck_marts):
        if name in spark.views:
            results.append(MartResult(name, "skipped", detail="a view: the tables it reads are compared"))
        elif name in built and name not in duck_marts:
            results.append(MartResult(name, "FAIL", detail="built on Spark, missing from the DuckDB build"))
        elif name not in built:
            why = "disabled on Spark (Python model)" if name in disabled else "not in the Spark build"
            results.append(MartResult(name, "skipped" if name in disabled else "FAIL", detail=why))
        elif not (warehouse / name).is_dir():
            results.append(MartResult(name, "FAIL", detail=f"no Spark table files under {warehouse / name}"))
        else:
            results.append(compare_mart(con, name, warehouse / name, frozenset(spark.skipped_models)))
    duck_intermediate = {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'duck' and schema_name = 'intermediate'"
        ).fetchall()
    }
    intermediate = spark_dir / "warehouse" / "intermediate.db"
    for name in HUB_TABLES:
        if name in duck_intermediate and (intermediate / name).is_dir():
            results.append(
                compare_mart(con, name, intermediate / name, frozenset(spark.skipped_models), "intermediate")
            )
        elif name in duck_intermediate or (intermediate / name).is_dir():
            results.append(MartResult(name, "FAIL", detail="hub table built by one engine only"))
    return results


def print_results(results: list[MartResult]) -> None:
    print(f"{'mart':42} {'status':8} {'DuckDB rows':>12} {'Spark rows':>12} {'max diff':>11}  detail")
    for r in results:
        rows_d = "" if r.duckdb_rows is None else f"{r.duckdb_rows:,}"
        rows_s = "" if r.spark_rows is None else f"{r.spark_rows:,}"
        diff = "" if r.max_difference is None else f"{r.max_difference:.1e}"
        print(f"{r.name:42} {r.status:8} {rows_d:>12} {rows_s:>12} {diff:>11}  {r.detail}".rstrip())
    compared = [r for r in results if r.status == "ok"]
    failed = [r for r in results if r.status == "FAIL"]
    print(
        f"\n{len(compared)} marts agree ({sum(r.duckdb_rows or 0 for r in compared):,} rows), "
        f"{len(failed)} differ, {len(results) - len(compared) - len(failed)} not built on Spark."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.compare_engines", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--duckdb", type=Path, required=True, help="the DuckDB build's database file")
    parser.add_argument(
        "--spark-dir", type=Path, required=True, help="the Spark build's ATTRIBUTION_SPARK_DIR"
    )
    args = parser.parse_args(argv)
    results = compare(args.duckdb, args.spark_dir)
    print_results(results)
    return 1 if any(r.status == "FAIL" for r in results) or not results else 0


if __name__ == "__main__":
    sys.exit(main())
