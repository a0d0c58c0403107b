"""The mart comparison the determinism and fault tests rely on must see a one-ulp difference."""

from __future__ import annotations

import math

import duckdb

from python_tests.marts import mart_differences, read_marts


def _database(path, value: float, extra_row: bool = False):
    connection = duckdb.connect(str(path))
    connection.execute("create schema marts")
    connection.execute("create table marts.t (k varchar, v double)")
    connection.execute("insert into marts.t values ('a', ?), ('b', 'nan')", [value])
    if extra_row:
        connection.execute("insert into marts.t values ('a', ?)", [value])
    connection.close()
    return path


def test_identical_builds_have_no_differences(tmp_path):
    left = read_marts(_database(tmp_path / "l.duckdb", 0.1 + 0.2))
    right = read_marts(_database(tmp_path / "r.duckdb", 0.1 + 0.2))
    assert mart_differences(left, right) == []


def test_one_ulp_and_a_duplicated_row_are_differences(tmp_path):
    base = read_marts(_database(tmp_path / "b.duckdb", 0.3))
    ulp = read_marts(_database(tmp_path / "u.duckdb", math.nextafter(0.3, 1.0)))
    duplicated = read_marts(_database(tmp_path / "d.duckdb", 0.3, extra_row=True))
    assert len(mart_differences(base, ulp)) == 1
    assert mart_differences(base, duplicated) == ["t: 2 vs 3 rows; only left []; only right []"]
