"""Tests of the DuckDB-Spark mart comparison on hand-made builds: a DuckDB file
with a `marts` schema, and a Spark-like folder (warehouse/marts.db/<mart>/ with
parquet files, dbt/manifest.json). No Spark needed: the comparison only reads
the files a Spark build leaves."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from attribution_kit import compare_engines as ce

MART = "rpt_example"
ROWS = [
    ("email", 3, 1234567.25, 0.25, "2024-01-01 10:00:00"),
    ("webinar", 1, 10.5, 0.75, "2024-01-02 11:30:00"),
    ("email", 2, None, 0.0, "2024-01-03 00:00:00"),
]


def write_duckdb(path: Path, rows: list[tuple]) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        f"create table marts.{MART} (channel varchar, touches bigint, revenue double, share double, "
        "seen_at timestamp)"
    )
    con.executemany(f"insert into marts.{MART} values (?, ?, ?, ?, ?)", rows)
    con.close()


def write_spark(
    spark_dir: Path,
    rows: list[tuple],
    disabled: tuple[str, ...] = (),
    disabled_intermediate: tuple[str, ...] = (),
) -> None:
    """Parquet files where a Spark build would put them, with Spark's types (int for touches)."""
    folder = spark_dir / "warehouse" / "marts.db" / MART
    folder.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(
        "create table t (channel varchar, touches integer, revenue double, share double, seen_at timestamptz)"
    )
    con.executemany("insert into t values (?, ?, ?, ?, ?)", rows)
    # Written as two part files in another row order, as Spark does.
    for part, where in enumerate(("channel = 'email'", "channel <> 'email'")):
        target = folder / f"part-{part:05}.parquet"
        con.execute(f"copy (select * from t where {where}) to '{target}' (format parquet)")
    manifest = {
        "nodes": {f"model.attribution.{MART}": {"name": MART, "resource_type": "model", "schema": "marts"}},
        "disabled": {
            f"model.attribution.{name}": [
                {"name": name, "resource_type": "model", "fqn": ["attribution", folder, name]}
            ]
            for folder, names in (("marts", disabled), ("intermediate", disabled_intermediate))
            for name in names
        },
    }
    (spark_dir / "dbt").mkdir()
    (spark_dir / "dbt" / "manifest.json").write_text(json.dumps(manifest))


def run(tmp_path: Path, duck_rows: list[tuple], spark_rows: list[tuple], **spark) -> list[ce.MartResult]:
    write_duckdb(tmp_path / "build.duckdb", duck_rows)
    write_spark(tmp_path / "spark", spark_rows, **spark)
    return ce.compare(tmp_path / "build.duckdb", tmp_path / "spark")


def test_same_rows_in_another_order_and_types_agree(tmp_path: Path) -> None:
    (result,) = run(tmp_path, ROWS, list(reversed(ROWS)))
    assert (result.status, result.duckdb_rows, result.spark_rows) == ("ok", 3, 3)
    assert result.max_difference == 0


def test_money_within_a_relative_1e9_agrees(tmp_path: Path) -> None:
    spark_rows = list(ROWS)
    # 1234567.25 * (1 + 5e-10): a relative difference under 1e-9.
    spark_rows[0] = ("email", 3, 1234567.25 * (1 + 5e-10), 0.25, "2024-01-01 10:00:00")
    (result,) = run(tmp_path, ROWS, spark_rows)
    assert result.status == "ok"
    assert 0 < result.max_difference < 1e-9


@pytest.mark.parametrize(
    ("index", "changed", "why"),
    [
        (1, ("webinar", 1, 10.5, 0.75 + 2e-9, "2024-01-02 11:30:00"), "a weight off by 2e-9"),
        (0, ("email", 3, 1234567.25 * (1 + 3e-9), 0.25, "2024-01-01 10:00:00"), "money off by 3e-9 relative"),
        (2, ("email", 2, 0.0, 0.0, "2024-01-03 00:00:00"), "a null that became 0"),
        (1, ("webinar", 2, 10.5, 0.75, "2024-01-02 11:30:00"), "an integer"),
        (1, ("webinar", 1, 10.5, 0.75, "2024-01-02 11:30:01"), "a timestamp one second off"),
        (1, ("Webinar", 1, 10.5, 0.75, "2024-01-02 11:30:00"), "the case of a text"),
    ],
)
def test_any_difference_fails(tmp_path: Path, index: int, changed: tuple, why: str) -> None:
    spark_rows = list(ROWS)
    spark_rows[index] = changed
    (result,) = run(tmp_path, ROWS, spark_rows)
    assert result.status == "FAIL", why
    assert "rows differ" in result.detail


def test_a_missing_row_fails(tmp_path: Path) -> None:
    (result,) = run(tmp_path, ROWS, ROWS[:2])
    assert (result.status, result.detail) == ("FAIL", "row counts differ")


def test_a_mart_only_in_the_duckdb_build_fails_unless_disabled_on_spark(tmp_path: Path) -> None:
    write_duckdb(tmp_path / "build.duckdb", ROWS)
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    con.execute("create table marts.rpt_python_only (x bigint)")
    con.close()
    write_spark(tmp_path / "spark", ROWS, disabled=("rpt_python_only",))
    results = {r.name: r for r in ce.compare(tmp_path / "build.duckdb", tmp_path / "spark")}
    assert results["rpt_python_only"].status == "skipped"
    assert results[MART].status == "ok"

    (tmp_path / "spark2").mkdir()
    write_spark(tmp_path / "spark2" / "s", ROWS)
    other = tmp_path / "spark2" / "s"
    results = {r.name: r for r in ce.compare(tmp_path / "build.duckdb", other)}
    assert results["rpt_python_only"].status == "FAIL"
    assert ce.main(["--duckdb", str(tmp_path / "build.duckdb"), "--spark-dir", str(other)]) == 1


def test_rows_of_a_model_spark_does_not_build_are_left_out(tmp_path: Path) -> None:
    """A mart by attribution model: DuckDB also has the incremental model's rows."""

    def by_model(models: list[str]) -> list[tuple]:
        return [(model, i, 100.0 * i, 0.5, "2024-01-01 00:00:00") for model in models for i in (1, 2)]

    both = ["linear", "markov"]
    write_duckdb(tmp_path / "build.duckdb", by_model([*both, "incremental"]))
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    con.execute(f"alter table marts.{MART} rename channel to attribution_model")
    con.close()
    for folder, disabled in (("off", ("int_touchpoints_weighted_incremental",)), ("on", ())):
        write_spark(tmp_path / folder, by_model(both), disabled_intermediate=disabled)
        for part in (tmp_path / folder / "warehouse" / "marts.db" / MART).iterdir():
            renamed = f"select * rename (channel as attribution_model) from '{part}'"
            duckdb.sql(f"copy ({renamed}) to '{part}.tmp' (format parquet)")
            Path(f"{part}.tmp").replace(part)
    (left_out,) = ce.compare(tmp_path / "build.duckdb", tmp_path / "off")
    assert (left_out.status, left_out.duckdb_rows, left_out.spark_rows) == ("ok", 4, 4)
    assert left_out.detail == "2 DuckDB rows of incremental not compared"
    # A Spark build that should have built the model but did not: its rows are missing.
    (missing,) = ce.compare(tmp_path / "build.duckdb", tmp_path / "on")
    assert missing.status == "FAIL"
    assert missing.detail == "row counts differ"


def test_a_view_mart_is_listed_and_the_hub_tables_are_compared_without_unbuilt_models(tmp_path: Path) -> None:
    """fct_attributed_touchpoints is a view (no Spark files): listed, not compared. The hub
    table it reads is compared, without DuckDB's weight column of the model Spark skips and
    without the columns naming the build that wrote a row (each engine's own)."""
    write_duckdb(tmp_path / "build.duckdb", ROWS)
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    con.execute("create view marts.fct_view as select * from marts.rpt_example")
    con.execute("create schema intermediate")
    con.execute(
        "create table intermediate.int_journey_rule_weights as select * from (values "
        "('o1', 't1', 0.25, 0.5, 'duck-run', 'duck-hash'), ('o1', 't2', 0.75, 0.5, 'duck-run', 'duck-hash')) "
        "as t(opportunity_id, touchpoint_id, weight_linear, weight_incremental, journey_built_by, "
        "rule_definition_hash)"
    )
    con.close()
    write_spark(tmp_path / "spark", ROWS, disabled_intermediate=("int_touchpoints_weighted_incremental",))
    manifest_path = tmp_path / "spark" / "dbt" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["nodes"]["model.attribution.fct_view"] = {
        "name": "fct_view", "resource_type": "model", "schema": "marts", "config": {"materialized": "view"},
    }  # fmt: skip
    manifest_path.write_text(json.dumps(manifest))
    hub = tmp_path / "spark" / "warehouse" / "intermediate.db" / "int_journey_rule_weights"
    hub.mkdir(parents=True)
    duckdb.sql(
        "copy (select * from (values ('o1', 't2', 0.75, 'spark-run', 'spark-hash'), "
        "('o1', 't1', 0.25, 'spark-run', 'spark-hash')) as t(opportunity_id, touchpoint_id, weight_linear, "
        f"journey_built_by, rule_definition_hash)) to '{hub}/part-0.parquet' (format parquet)"
    )
    results = {r.name: r for r in ce.compare(tmp_path / "build.duckdb", tmp_path / "spark")}
    assert (results["fct_view"].status, results["fct_view"].detail) == (
        "skipped", "a view: the tables it reads are compared",
    )  # fmt: skip
    assert results[MART].status == "ok"
    hub_result = results["int_journey_rule_weights"]
    assert (hub_result.status, hub_result.duckdb_rows, hub_result.spark_rows) == ("ok", 2, 2)
    assert hub_result.detail == "DuckDB columns weight_incremental not compared"
