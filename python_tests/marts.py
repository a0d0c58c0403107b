"""Read every mart of a built DuckDB file, for bit-for-bit comparisons of two builds.

Used by the determinism and fault tests: two builds are equal when every table and
view of the `marts` schema has the same columns and the same multiset of rows,
compared exactly (a float equals only the same float; NaN equals NaN).
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import duckdb

MARTS_SCHEMA = "marts"


def _exact(value: object) -> object:
    """A hashable, exactly comparable stand-in for one value (floats by their bits)."""
    if isinstance(value, float):
        return ("float", struct.pack(">d", value)) if not math.isnan(value) else ("float", "nan")
    if isinstance(value, list | tuple):
        return tuple(_exact(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _exact(item)) for key, item in value.items()))
    return value


def read_marts(db_path: Path | str, schema: str = MARTS_SCHEMA) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every relation of `schema`: its column names and its rows, sorted, with floats as exact bits."""
    connection = duckdb.connect(str(db_path), read_only=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [schema],
            ).fetchall()
        ]
        marts = {}
        for name in names:
            result = connection.execute(f'select * from "{schema}"."{name}"')
            columns = [column[0] for column in result.description]
            rows = sorted((tuple(_exact(value) for value in row) for row in result.fetchall()), key=repr)
            marts[name] = (columns, rows)
        return marts
    finally:
        connection.close()


def mart_differences(left: dict, right: dict, limit: int = 3) -> list[str]:
    """What differs between two `read_marts` results, one line per difference (empty when identical)."""
    differences = []
    for name in sorted(set(left) | set(right)):
        if name not in left or name not in right:
            differences.append(f"{name}: only in the {'right' if name not in left else 'left'} build")
            continue
        (left_columns, left_rows), (right_columns, right_rows) = left[name], right[name]
        if left_columns != right_columns:
            differences.append(f"{name}: columns {left_columns} != {right_columns}")
            continue
        if left_rows != right_rows:
            only_left = sorted(set(left_rows) - set(right_rows), key=repr)[:limit]
            only_right = sorted(set(right_rows) - set(left_rows), key=repr)[:limit]
            differences.append(
                f"{name}: {len(left_rows)} vs {len(right_rows)} rows; "
                f"only left {only_left}; only right {only_right}"
            )
    return differences


def query(db_path: Path | str, sql: str, parameters: list | None = None) -> list[tuple]:
    """The rows of `sql` on a built DuckDB file, opened read-only."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()

