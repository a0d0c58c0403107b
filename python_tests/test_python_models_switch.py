"""The Python-model switch (var attribution_python_models): what a target without
dbt Python models (Apache Spark) builds, checked on DuckDB with the switch off.

The SQL engines must then feed the marts with the same numbers, no Python model
may be built (nor the incremental model, whose fit is one), and asking for a
Python engine must stop the build with a message that says why. The Spark
build itself (`make test-spark`) compares every mart with the DuckDB build."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import CRM_SMALL_DIR, FIXTURE_LOSS_VARS, build_project

PYTHON_MODELS = {
    "int_touchpoints_weighted_time_decay_py",
    "int_markov_removal_effects_py",
    "int_touchpoints_weighted_markov_py",
    "int_shapley_channel_values_py",
    "int_touchpoints_weighted_shapley_py",
    "int_incremental_coefficients_fitted",
}


def tables(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}


def attributed(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            select attribution_model, opportunity_id, coalesce(touchpoint_id, ''), attribution_weight
            from marts.fct_attributed_touchpoints
            order by all
            """
        ).fetchall()


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db, _ = build_project(CRM_SMALL_DIR, tmp_path_factory.mktemp("python_on"), vars=FIXTURE_LOSS_VARS)
    return db


def test_switched_off_builds_no_python_model_and_the_same_marts(
    default_build: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db, _ = build_project(
        CRM_SMALL_DIR,
        tmp_path_factory.mktemp("python_off"),
        vars={**FIXTURE_LOSS_VARS, "attribution_python_models": False},
    )
    assert PYTHON_MODELS <= tables(default_build)
    assert not PYTHON_MODELS & tables(db)
    off, on = attributed(db), attributed(default_build)
    assert {row[0] for row in off} >= {"time_decay", "markov", "shapley"}
    # incremental needs its Python fit: in the default build only.
    assert "incremental" not in {row[0] for row in off}
    assert "incremental" in {row[0] for row in on}
    on = [row for row in on if row[0] != "incremental"]
    assert [row[:3] for row in off] == [row[:3] for row in on]
    assert max(abs(a[3] - b[3]) for a, b in zip(off, on, strict=True)) <= 1e-12


@pytest.mark.parametrize("engine_var", ["attribution_time_decay_engine", "attribution_markov_engine"])
def test_python_engine_without_python_models_stops_with_a_message(engine_var: str, tmp_path: Path) -> None:
    _, result = build_project(
        CRM_SMALL_DIR,
        tmp_path,
        vars={"attribution_python_models": False, engine_var: "python"},
        select="int_touchpoints_weighted",
        expect_success=False,
    )
    assert f"var {engine_var} is 'python'" in result.stdout
    assert "does not build the project's Python models" in result.stdout
