"""The mart comparison of `python -m attribution_kit.diff` on tiny hand-made builds: two DuckDB
files with a `marts` schema, every expected number worked out by hand below."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from attribution_kit.diff import compare
from attribution_kit.diff.report import channel_moves, short_path

ATTRIBUTED_COLUMNS = (
    "attribution_model varchar, opportunity_id varchar, touchpoint_id varchar, touchpoint_at timestamp, "
    "channel varchar, attribution_weight double, attributed_pipeline double, attributed_revenue double"
)


def write_build(path: Path, statements: list[str]) -> str:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for statement in statements:
        con.execute(statement)
    con.close()
    return str(path)


def two_builds(tmp_path: Path, base: list[str], head: list[str]) -> tuple[str, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return write_build(tmp_path / "base.duckdb", base), write_build(tmp_path / "head.duckdb", head)


def mart(tmp_path: Path, base: list[str], head: list[str], name: str, key: list[str]) -> compare.MartDiff:
    con = compare.connect(*two_builds(tmp_path, base, head))
    before, after = compare.mart_columns(con, "base"), compare.mart_columns(con, "head")
    return compare.compare_mart(con, name, key, before.get(name, {}), after.get(name, {}))


AMOUNTS = "create table marts.amounts (id varchar, amount double, touches integer, label varchar)"


def test_changed_added_and_removed_keys(tmp_path: Path) -> None:
    base = [
        AMOUNTS,
        "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('b', 2.0, 2, 'y'), ('c', 3, 3, 'z')",
    ]
    head = [
        AMOUNTS,
        "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('b', 2.5, 2, 'y'), ('d', 4, 4, 'w')",
    ]
    diff = mart(tmp_path, base, head, "amounts", ["id"])
    assert (diff.status, diff.rows_before, diff.rows_after) == ("changed", 3, 3)
    assert (diff.keys_added, diff.keys_removed, diff.keys_changed) == (1, 1, 1)
    assert diff.changed_columns == {"amount": 1}
    assert diff.examples == [{"id": "b"}]


def test_float_noise_under_the_tolerance_is_no_change(tmp_path: Path) -> None:
    # 1e-12 on 1.0 and 5e-4 on 1e6 (5e-10 relative) are noise; 1e-3 on 1e6 (1e-9 + a bit) is not.
    base = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('b', 1e6, 2, 'y')"]
    noise = [
        AMOUNTS,
        "insert into marts.amounts values ('a', 1.0 + 1e-12, 1, 'x'), ('b', 1e6 + 5e-4, 2, 'y')",
    ]
    assert mart(tmp_path / "noise", base, noise, "amounts", ["id"]).status == "unchanged"
    moved = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('b', 1e6 + 1.1e-3, 2, 'y')"]
    diff = mart(tmp_path / "moved", base, moved, "amounts", ["id"])
    assert (diff.status, diff.keys_changed, diff.changed_columns) == ("changed", 1, {"amount": 1})


def test_a_changed_integer_or_text_is_exact(tmp_path: Path) -> None:
    base = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('b', 2.0, 2, 'y')"]
    head = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 2, 'x'), ('b', 2.0, 2, 'Y')"]
    diff = mart(tmp_path, base, head, "amounts", ["id"])
    assert diff.changed_columns == {"touches": 1, "label": 1}
    assert diff.keys_changed == 2


def test_columns_added_removed_and_type_changed(tmp_path: Path) -> None:
    base = [
        "create table marts.typed (id varchar, touches integer, dropped varchar)",
        "insert into marts.typed values ('a', 1, 'x')",
    ]
    head = [
        "create table marts.typed (id varchar, touches double, added boolean)",
        "insert into marts.typed values ('a', 1.0, true)",
    ]
    diff = mart(tmp_path, base, head, "typed", ["id"])
    assert diff.status == "changed"
    assert (diff.columns_added, diff.columns_removed) == (["added"], ["dropped"])
    assert diff.columns_type_changed == [{"column": "touches", "before": "INTEGER", "after": "DOUBLE"}]
    assert diff.keys_changed == 0  # 1 and 1.0 are the same number


def test_null_keys_match_and_a_composite_key(tmp_path: Path) -> None:
    table = "create table marts.pairs (model varchar, touch varchar, weight double)"
    rows = "insert into marts.pairs values ('m', null, 1.0), ('m', 't1', 0.5), ('n', 't1', 0.5)"
    diff = mart(tmp_path, [table, rows], [table, rows], "pairs", ["model", "touch"])
    assert (diff.status, diff.keys_added, diff.keys_removed) == ("unchanged", 0, 0)


def test_a_mart_without_a_unique_key_is_compared_as_whole_rows(tmp_path: Path) -> None:
    base = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('a', 2.0, 1, 'x')"]
    head = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x'), ('a', 3.0, 1, 'x')"]
    diff = mart(tmp_path, base, head, "amounts", ["id"])  # id is not unique here
    assert (diff.key, diff.keys_added, diff.keys_removed, diff.status) == ([], 1, 1, "changed")
    assert "whole" in diff.note


def test_keys_come_from_meta_then_the_combination_test_then_unique() -> None:
    def model(name: str, meta: dict | None = None) -> dict:
        return {"resource_type": "model", "name": name, "config": {"meta": meta or {}}}

    def test(name: str, attached: str, column: str | None = None, columns: list | None = None) -> dict:
        kwargs = {"columns": columns} if columns else {"column_name": column}
        return {
            "resource_type": "test",
            "attached_node": attached,
            "column_name": column,
            "test_metadata": {"name": name, "kwargs": kwargs},
        }

    manifest = {
        "nodes": {
            "model.p.a": model("a"),
            "model.p.b": model("b"),
            "model.p.c": model("c", {"attribution_diff_key": ["x", "y"]}),
            "model.p.d": model("d"),
            "test.p.1": test("unique", "model.p.a", column="a_id"),
            "test.p.2": test("unique", "model.p.b", column="b_id"),
            "test.p.3": test("attribution_unique_combination", "model.p.b", columns=["m", "b_id"]),
            "test.p.4": test("unique", "model.p.c", column="c_id"),
            "test.p.5": test("not_null", "model.p.d", column="d_id"),
        }
    }
    assert compare.keys_from_manifest(manifest) == {"a": ["a_id"], "b": ["m", "b_id"], "c": ["x", "y"]}


def attributed(rows: list[tuple]) -> list[str]:
    values = ", ".join(
        f"('{m}', '{o}', '{t}', timestamp '2024-01-0{i + 1}', '{c}', {w}, {p}, {r})"
        for i, (m, o, t, c, w, p, r) in enumerate(rows)
    )
    comparison = (
        "create table marts.rpt_attribution_model_comparison as select attribution_model, channel, "
        "sum(attributed_pipeline) as attributed_pipeline, sum(attributed_revenue) as attributed_revenue "
        "from marts.fct_attributed_touchpoints group by all"
    )
    return [
        f"create table marts.fct_attributed_touchpoints ({ATTRIBUTED_COLUMNS})",
        f"insert into marts.fct_attributed_touchpoints values {values}",
        comparison,
    ]


def test_credit_moves_per_model_channel_and_opportunity(tmp_path: Path) -> None:
    """Deal o1 (won, 100): linear splits it 50/50 over email then webinar in both builds; time_decay
    moves 30 of it from email to webinar, deal o2 (open, pipeline 200) keeps its one touch. The
    linear weights carry noise of 1e-13, no move."""
    base = attributed(
        [
            ("linear", "o1", "t1", "email", 0.5, 50, 50),
            ("linear", "o1", "t2", "webinar", 0.5, 50, 50),
            ("time_decay", "o1", "t1", "email", 0.6, 60, 60),
            ("time_decay", "o1", "t2", "webinar", 0.4, 40, 40),
            ("time_decay", "o2", "t3", "email", 1.0, 200, 0),
        ]
    )
    head = attributed(
        [
            ("linear", "o1", "t1", "email", 0.5 + 1e-13, 50, 50),
            ("linear", "o1", "t2", "webinar", 0.5 - 1e-13, 50, 50),
            ("time_decay", "o1", "t1", "email", 0.3, 30, 30),
            ("time_decay", "o1", "t2", "webinar", 0.7, 70, 70),
            ("time_decay", "o2", "t3", "email", 1.0, 200, 0),
        ]
    )
    base_db, head_db = two_builds(tmp_path, base, head)
    result = compare.compare_builds(base_db, head_db, {}, top=5)
    assert (result.changed_models, result.unchanged_models) == (["time_decay"], ["linear"])
    deltas = {
        (r["attribution_model"], r["channel"]): (
            r["revenue_delta"],
            r["pipeline_delta"],
            r["revenue_share_delta"],
        )
        for r in result.channels
    }
    # time_decay revenue: email 60 -> 30, webinar 40 -> 70 of 100; pipeline adds o2's 200 to email.
    assert deltas[("time_decay", "email")] == pytest.approx((-30, -30, -0.3))
    assert deltas[("time_decay", "webinar")] == pytest.approx((30, 30, 0.3))
    assert deltas[("linear", "email")] == pytest.approx((0, 0, 0))
    (mover,) = result.top_opportunities
    assert (mover["attribution_model"], mover["opportunity_id"]) == ("time_decay", "o1")
    assert (mover["revenue_moved"], mover["pipeline_moved"]) == pytest.approx((30, 30))
    assert mover["journey"] == "email > webinar"
    assert channel_moves(mover["revenue_by_channel"]) == "webinar +30.00, email -30.00"


def test_settings_that_differ_ignore_the_run_columns(tmp_path: Path) -> None:
    table = (
        "create table marts.rpt_attribution_run_settings (invocation_id varchar, run_started_at timestamp, "
        "half_life_days double, journey_scope varchar)"
    )
    insert = "insert into marts.rpt_attribution_run_settings values "
    base = [table, insert + "('i1', '2024-01-01', 7, 'account'), ('i0', '2023-01-01', 3, 'contact_roles')"]
    head = [
        table,
        "insert into marts.rpt_attribution_run_settings values ('i2', '2024-02-01', 14, 'account')",
    ]
    result = compare.compare_builds(*two_builds(tmp_path, base, head), {}, top=5)
    assert result.settings == [{"setting": "half_life_days", "before": 7.0, "after": 14.0}]
    assert result.changed_marts == ["rpt_attribution_run_settings"]


def test_a_mart_only_in_one_build(tmp_path: Path) -> None:
    base = [AMOUNTS, "insert into marts.amounts values ('a', 1.0, 1, 'x')"]
    result = compare.compare_builds(*two_builds(tmp_path, base, []), {}, top=5)
    (amounts,) = result.marts
    assert (amounts.status, amounts.rows_before, amounts.rows_after) == ("removed", 1, None)


def test_short_path_keeps_both_ends() -> None:
    assert short_path("a > b > c") == "a > b > c"
    path = " > ".join(f"c{i}" for i in range(12))
    assert short_path(path) == "c0 > c1 > c2 > c3 > ... > c8 > c9 > c10 > c11 (12 steps)"


def test_contract_changes_from_the_manifests() -> None:
    def manifest(enforced: bool, columns: dict[str, str]) -> dict:
        node = {
            "resource_type": "model",
            "name": "rpt_x",
            "contract": {"enforced": enforced},
            "columns": {name: {"data_type": dtype} for name, dtype in columns.items()},
        }
        return {"nodes": {"model.p.rpt_x": node}}

    before = manifest(True, {"channel": "varchar", "revenue": "double", "gone": "integer"})
    after = manifest(False, {"channel": "varchar", "revenue": "decimal(38, 2)", "new": "boolean"})
    assert compare.contract_changes(before, after, ["rpt_x"]) == {
        "rpt_x": ["contract no longer enforced", "declares new", "no longer declares gone",
                  "revenue: double -> decimal(38, 2)"]
    }  # fmt: skip
    assert compare.contract_changes(before, before, ["rpt_x"]) == {}
