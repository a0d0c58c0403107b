"""The semantic layer (models/marts/_marts__semantic.yml) end to end.

`dbt parse` validates the semantic manifest (and rejects a broken metric), and
`mf query` (dbt-metricflow) answers against a DuckDB built from a small generated
data set with the numbers an independent SQL query over the marts gives: an
attribution model's attributed revenue is the won revenue of the attributed
opportunities (dim_opportunities), for every model; with no model chosen the
metric is still the won revenue (the mean over models, never a multiple); spend
and per-model ROI match fct_marketing_spend and fct_attributed_touchpoints.

mf reads `<project>/target/semantic_manifest.json`, so the tests run dbt and mf in
a private project folder that links to the project's files and has its own target.
Skipped when dbt-metricflow is not installed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from attribution_kit.attribution_models import declared_attribution_models
from python_tests.bi_helpers import generated_build
from python_tests.conftest import PROJECT_DIR

pytest.importorskip("dbt_metricflow", reason="dbt-metricflow (requirements.txt) is not installed")
MF_EXECUTABLE = Path(sys.executable).with_name("mf")
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")
PROJECT_ENTRIES = (
    "dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses", "snapshots",
    "attribution_kit",  # the profile's dbt-duckdb plugin (module_paths ".") is imported from there
)
MODEL_DIMENSION = "attributed_touchpoint__attribution_model"
TOLERANCE = 0.01  # money reconciles to the cent
TIMEOUT_SECONDS = 300


def make_project(folder: Path, copy_models: bool = False) -> Path:
    """A project folder that links to this project's files (models copied when they will be edited)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in PROJECT_ENTRIES:
        source = PROJECT_DIR / entry
        if not source.exists():
            continue
        if copy_models and entry == "models":
            shutil.copytree(source, folder / entry)
        else:
            (folder / entry).symlink_to(source)
    return folder


def environment(project: Path, db_path: Path | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(project),
        "DBT_USE_COLORS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    env.pop("DBT_TARGET_PATH", None)
    if db_path is not None:
        env["ATTRIBUTION_DUCKDB_PATH"] = str(db_path)
    return env


def dbt_parse(project: Path, db_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`dbt parse` in the project. The manifest names the DuckDB catalog after the database file, so
    parse with the file mf will query."""
    return subprocess.run(
        [str(DBT_EXECUTABLE), "parse", "--project-dir", str(project), "--log-path", str(project / "logs")],
        cwd=project,
        env=environment(project, db_path),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )


@pytest.fixture(scope="module")
def database() -> Path:
    return generated_build()


@pytest.fixture(scope="module")
def parsed_project(tmp_path_factory: pytest.TempPathFactory, database: Path) -> Path:
    project = make_project(tmp_path_factory.mktemp("semantic") / "project")
    completed = dbt_parse(project, database)
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    return project


def mf_query(project: Path, db_path: Path, out: Path, *arguments: str) -> list[dict[str, str]]:
    """Run `mf query ... --csv out` in the project and return the rows."""
    completed = subprocess.run(
        [str(MF_EXECUTABLE), "query", *arguments, "--csv", str(out)],
        cwd=project,
        env=environment(project, db_path),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0 and out.exists(), completed.stdout[-6000:] + completed.stderr[-3000:]
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(value: str) -> float:
    return float(value) if value not in ("", None) else 0.0


def sql(db_path: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(query).fetchall()


def test_parse_builds_the_semantic_manifest(parsed_project: Path) -> None:
    manifest = json.loads((parsed_project / "target" / "semantic_manifest.json").read_text())
    semantic_models = {model["name"] for model in manifest["semantic_models"]}
    assert {"attributed_touchpoints", "marketing_spend", "channels", "opportunities"} <= semantic_models
    metrics = {metric["name"]: metric for metric in manifest["metrics"]}
    for name in ("attributed_revenue", "attributed_pipeline", "attributed_opportunities", "spend", "roi"):
        assert name in metrics, name
        assert metrics[name]["description"], f"{name} has no description"
    assert metrics["roi"]["type"] == "ratio"
    for name in ("attributed_revenue", "attributed_pipeline", "attributed_opportunities"):
        assert "attribution_model" in metrics[name]["description"], f"{name} must tell to pick a model"
    spines = manifest["project_configuration"]["time_spines"]
    assert [spine["node_relation"]["alias"] for spine in spines] == ["metricflow_time_spine"]
    assert spines[0]["primary_column"]["name"] == "date_day"


def test_every_attribution_model_has_its_roi_metric(parsed_project: Path) -> None:
    manifest = json.loads((parsed_project / "target" / "semantic_manifest.json").read_text())
    metrics = {metric["name"] for metric in manifest["metrics"]}
    # The models are listed once, in the catalog macro the build and the tests of attribution_model read.
    models = [model.name for model in declared_attribution_models()]
    assert len(models) == 16
    assert {f"roi_{model}" for model in models} <= metrics


def test_every_model_credits_the_same_rows(database: Path) -> None:
    """What the attributed metrics' divisor (distinct models in the slice) relies on."""
    per_model = sql(
        database,
        "select attribution_model, count(*) from marts.fct_attributed_touchpoints group by 1",
    )
    [(pairs,)] = sql(
        database,
        """
        select count(*) from (
            select distinct opportunity_id, touchpoint_id from marts.fct_attributed_touchpoints
        ) as pairs
        """,
    )
    assert len(per_model) >= 13
    assert all(rows == pairs for _, rows in per_model), (pairs, per_model)


def test_parse_rejects_an_invalid_metric(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", copy_models=True)
    (project / "models" / "marts" / "_broken__semantic.yml").write_text(
        "version: 2\nmetrics:\n  - name: broken_metric\n    label: Broken\n    type: simple\n"
        "    type_params:\n      measure: no_such_measure\n"
    )
    completed = dbt_parse(project)
    assert completed.returncode != 0
    assert "no_such_measure" in completed.stdout + completed.stderr


def test_attributed_revenue_per_model_is_the_won_revenue(
    parsed_project: Path, database: Path, tmp_path: Path
) -> None:
    [(won_revenue, pipeline, opportunities)] = sql(
        database,
        "select sum(won_amount), sum(amount), count(*) from marts.dim_opportunities where is_attributed",
    )
    distinct_models = "select distinct attribution_model from marts.fct_attributed_touchpoints"
    models = {model for (model,) in sql(database, distinct_models)}
    rows = mf_query(
        parsed_project, database, tmp_path / "by_model.csv",
        "--metrics", "attributed_revenue,attributed_pipeline,attributed_opportunities",
        "--group-by", MODEL_DIMENSION,
    )
    assert {row[MODEL_DIMENSION] for row in rows} == models
    for row in rows:
        assert abs(number(row["attributed_revenue"]) - won_revenue) < TOLERANCE, row
        assert abs(number(row["attributed_pipeline"]) - pipeline) < TOLERANCE, row
        assert abs(number(row["attributed_opportunities"]) - opportunities) < 1e-6, row

    [linear] = mf_query(
        parsed_project, database, tmp_path / "linear.csv",
        "--metrics", "attributed_revenue", "--where", f"{{{{ Dimension('{MODEL_DIMENSION}') }}}} = 'linear'",
    )
    assert abs(number(linear["attributed_revenue"]) - won_revenue) < TOLERANCE


def test_no_model_chosen_never_multiplies_revenue(
    parsed_project: Path, database: Path, tmp_path: Path
) -> None:
    [(won_revenue,)] = sql(
        database, "select sum(won_amount) from marts.dim_opportunities where is_attributed"
    )
    [(model_count,)] = sql(
        database, "select count(distinct attribution_model) from marts.fct_attributed_touchpoints"
    )
    [row] = mf_query(
        parsed_project, database, tmp_path / "total.csv",
        "--metrics", "attributed_revenue,attributed_revenue_summed_over_models,attribution_models_in_query",
    )
    assert abs(number(row["attributed_revenue"]) - won_revenue) < TOLERANCE
    assert number(row["attribution_models_in_query"]) == model_count > 1
    assert abs(number(row["attributed_revenue_summed_over_models"]) - model_count * won_revenue) < TOLERANCE


def test_revenue_by_month_and_channel_matches_sql(
    parsed_project: Path, database: Path, tmp_path: Path
) -> None:
    rows = mf_query(
        parsed_project, database, tmp_path / "month_channel.csv",
        "--metrics", "attributed_revenue", "--group-by", "metric_time__month,channel",
        "--where", f"{{{{ Dimension('{MODEL_DIMENSION}') }}}} = 'time_decay'",
    )
    expected = {
        (str(month)[:7] if month else "", channel): revenue
        for month, channel, revenue in sql(
            database,
            """
            select date_trunc('month', touchpoint_at), channel, sum(attributed_revenue)
            from marts.fct_attributed_touchpoints
            where attribution_model = 'time_decay'
            group by 1, 2
            """,
        )
    }
    got = {(row["metric_time__month"][:7], row["channel"]): number(row["attributed_revenue"]) for row in rows}
    assert got.keys() == expected.keys()
    for key, revenue in expected.items():
        assert abs(got[key] - revenue) < TOLERANCE, key


def test_spend_and_roi_by_channel_match_sql(parsed_project: Path, database: Path, tmp_path: Path) -> None:
    rows = mf_query(
        parsed_project, database, tmp_path / "roi.csv",
        "--metrics", "spend,roi_linear,roi", "--group-by", "channel",
    )
    spend = dict(sql(database, "select channel, sum(amount) from marts.fct_marketing_spend group by 1"))
    revenue = dict(
        sql(
            database,
            """
            select channel, sum(attributed_revenue)
            from marts.fct_attributed_touchpoints
            where attribution_model = 'linear'
            group by 1
            """,
        )
    )
    mean_revenue = dict(
        sql(
            database,
            """
            select channel, sum(attributed_revenue) / count(distinct attribution_model)
            from marts.fct_attributed_touchpoints
            group by 1
            """,
        )
    )
    by_channel = {row["channel"]: row for row in rows}
    assert spend and set(spend) <= set(by_channel)
    for channel, amount in spend.items():
        row = by_channel[channel]
        assert abs(number(row["spend"]) - amount) < TOLERANCE, channel
        if amount > 0:
            assert abs(number(row["roi_linear"]) - revenue.get(channel, 0.0) / amount) < 1e-9, channel
            assert abs(number(row["roi"]) - mean_revenue.get(channel, 0.0) / amount) < 1e-9, channel
